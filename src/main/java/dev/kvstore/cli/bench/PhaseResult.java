package dev.kvstore.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * How one phase went on one engine.
 *
 * @param operation the phase
 * @param count operations done
 * @param elapsedNanos wall-clock time from the start signal until the last thread ended
 * @param latency each operation's time in nanoseconds, every thread's merged
 * @param misses reads that found no value (0 unless an engine lost a write)
 */
record PhaseResult(Operation operation, long count, long elapsedNanos, Histogram latency, long misses) {

	double opsPerSecond() {
		return (this.elapsedNanos > 0) ? this.count * 1e9 / this.elapsedNanos : 0;
	}

	double seconds() {
		return this.elapsedNanos / 1e9;
	}

	/** A latency percentile in microseconds. */
	double micros(double percentile) {
		return this.latency.getValueAtPercentile(percentile) / 1000.0;
	}

	double maxMicros() {
		return this.latency.getMaxValue() / 1000.0;
	}

}
