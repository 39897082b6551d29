package dev.kvstore.metrics;

import java.nio.file.Path;
import java.util.List;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineListener;

/** Passes every event on to several listeners (logging, metrics). */
public class CompositeEngineListener implements EngineListener {

	private final List<EngineListener> listeners;

	public CompositeEngineListener(List<EngineListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void onSync(int writes) {
		this.listeners.forEach((listener) -> listener.onSync(writes));
	}

	@Override
	public void onCompaction(CompactionReport report) {
		this.listeners.forEach((listener) -> listener.onCompaction(report));
	}

	@Override
	public void onDataDropped(Path file, long offset, long bytes, String reason) {
		this.listeners.forEach((listener) -> listener.onDataDropped(file, offset, bytes, reason));
	}

	@Override
	public void onBackgroundFailure(String task, Exception failure) {
		this.listeners.forEach((listener) -> listener.onBackgroundFailure(task, failure));
	}

}
