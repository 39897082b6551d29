package dev.kvstore.dashboard;

import java.util.List;
import java.util.Map;

import dev.kvstore.metrics.CompactionHistory;

/**
 * What the dashboard page polls: cumulative counters and latency histograms, from which
 * the page computes rates and percentiles over each polling interval, plus the engine's
 * gauges.
 *
 * @param time when the feed was made, in milliseconds since the epoch
 * @param engine the engine's name
 * @param operations per operation (put, get, delete, list, compact): its count and
 * histogram
 * @param keys keys present
 * @param segments data files
 * @param diskBytes bytes of all the engine's files
 * @param reclaimableBytes bytes a compaction would free
 * @param compactions the most recent compactions, oldest first
 */
public record DashboardFeed(long time, String engine, Map<String, Operation> operations, long keys, long segments,
		long diskBytes, long reclaimableBytes, List<CompactionHistory.Compaction> compactions) {

	/**
	 * One operation's cumulative figures.
	 *
	 * @param count calls so far
	 * @param bucketsMs upper bounds of the latency buckets, in milliseconds
	 * @param cumulative calls that took at most each bound, so far
	 */
	public record Operation(long count, double[] bucketsMs, double[] cumulative) {

	}

}
