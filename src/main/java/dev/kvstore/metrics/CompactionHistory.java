package dev.kvstore.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.kvstore.engine.CompactionReport;

/** The most recent compactions, for the dashboard. Thread-safe. */
public class CompactionHistory {

	private static final int KEPT = 50;

	private final Deque<Compaction> recent = new ArrayDeque<>();

	/**
	 * One compaction.
	 *
	 * @param endedAt when it ended, in milliseconds since the epoch
	 * @param durationMs how long it took
	 * @param reclaimedBytes bytes it freed
	 */
	public record Compaction(long endedAt, long durationMs, long reclaimedBytes) {

	}

	synchronized void add(CompactionReport report, long endedAt) {
		this.recent.addLast(new Compaction(endedAt, report.durationMillis(), report.reclaimedBytes()));
		while (this.recent.size() > KEPT) {
			this.recent.removeFirst();
		}
	}

	/** The compactions kept, oldest first. */
	public synchronized List<Compaction> recent() {
		return new ArrayList<>(this.recent);
	}

}
