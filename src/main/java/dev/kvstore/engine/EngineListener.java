package dev.kvstore.engine;

import java.nio.file.Path;

/**
 * Hears what an engine does in the background, so that the service can log and measure it
 * without the engine depending on a logging or metrics library. Methods are called on
 * engine threads and must return quickly; the defaults do nothing.
 */
public interface EngineListener {

	/** A listener that ignores everything. */
	EngineListener NONE = new EngineListener() {
	};

	/** One fsync made {@code writes} acknowledged writes durable (group commit). */
	default void onSync(int writes) {
	}

	/** A compaction finished. */
	default void onCompaction(CompactionReport report) {
	}

	/**
	 * Recovery left out {@code bytes} bytes of {@code file} from {@code offset} on: a
	 * torn tail that was cut, or damage skipped by the salvage mode.
	 */
	default void onDataDropped(Path file, long offset, long bytes, String reason) {
	}

	/**
	 * A background task (periodic sync, hint writing, automatic compaction) failed; the
	 * engine goes on, and the task is tried again later where that makes sense.
	 */
	default void onBackgroundFailure(String task, Exception failure) {
	}

}
