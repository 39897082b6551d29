package dev.kvstore.bench;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/** Prints each phase's latency as a Markdown table, and the ratios that matter. */
final class LatencyTable {

	private LatencyTable() {
	}

	static void print(List<ForegroundLoad.PhaseLatency> phases, boolean paced) {
		System.out.println("| phase | s | ops/s | op | count | p50 µs | p99 µs | p99.9 µs | max µs |");
		System.out.println("|---|--:|--:|---|--:|--:|--:|--:|--:|");
		for (ForegroundLoad.PhaseLatency phase : phases) {
			if (phase.phase() == ForegroundLoad.Phase.WARMUP) {
				continue;
			}
			row(phase, "get", phase.gets());
			row(phase, "put", phase.puts());
		}
		ForegroundLoad.PhaseLatency baseline = phases.get(ForegroundLoad.Phase.BASELINE.ordinal());
		ForegroundLoad.PhaseLatency during = phases.get(ForegroundLoad.Phase.COMPACTING.ordinal());
		Histogram before = baseline.all();
		Histogram meanwhile = during.all();
		System.out.printf(Locale.ROOT,
				"during ÷ baseline, all operations: throughput %.2fx, p50 %.1fx, p99 %.1fx, p99.9 %.1fx, max %.1fx%n",
				during.opsPerSecond() / baseline.opsPerSecond(), ratio(meanwhile, before, 50),
				ratio(meanwhile, before, 99), ratio(meanwhile, before, 99.9),
				(double) meanwhile.getMaxValue() / before.getMaxValue());
		if (paced) {
			System.out.printf(Locale.ROOT,
					"pacing: the threads woke late by p50 %.0f / p99 %.0f µs (baseline), %.0f / %.0f µs (compacting)%n",
					micros(baseline.lateness(), 50), micros(baseline.lateness(), 99), micros(during.lateness(), 50),
					micros(during.lateness(), 99));
		}
	}

	private static void row(ForegroundLoad.PhaseLatency phase, String op, Histogram histogram) {
		System.out.printf(Locale.ROOT, "| %s | %.1f | %,.0f | %s | %,d | %.1f | %.1f | %.1f | %.1f |%n",
				phase.phase().name().toLowerCase(Locale.ROOT), phase.seconds(), phase.opsPerSecond(), op,
				histogram.getTotalCount(), micros(histogram, 50), micros(histogram, 99), micros(histogram, 99.9),
				histogram.getMaxValue() / 1e3);
	}

	private static double ratio(Histogram during, Histogram baseline, double percentile) {
		return (double) during.getValueAtPercentile(percentile) / baseline.getValueAtPercentile(percentile);
	}

	private static double micros(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1e3;
	}

}
