package dev.kvstore.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The run's results as text for standard output: a heading with the settings and the
 * machine's load, a row per engine and operation, then the seed benchmark's sentences of
 * relative speed ("file: PUT 0.02x of log").
 */
final class ResultTable {

	private static final String ROW = "%-8s %-7s %12s %10s %10s %10s %10s %8s %8s%n";

	private ResultTable() {
	}

	static void print(RunReport report, PrintWriter out) {
		BenchSettings settings = report.settings();
		out.printf(Locale.ROOT, "%,d ops x %d B values, %d thread%s, sync=%s; %d cores, load %s, Java %s%n%n",
				settings.operations(), settings.valueSize(), settings.threads(), (settings.threads() == 1) ? "" : "s",
				settings.sync().label(), report.cores(), load(report.loadBefore()), report.java());
		out.printf(Locale.ROOT, ROW, "engine", "op", "ops/s", "p50 us", "p99 us", "p99.9 us", "max us", "vs log",
				"misses");
		for (EngineResult result : report.results()) {
			for (PhaseResult phase : result.phases()) {
				out.printf(Locale.ROOT, ROW, result.engine(), phase.operation(),
						String.format(Locale.ROOT, "%,.0f", phase.opsPerSecond()), micros(phase.micros(50)),
						micros(phase.micros(99)), micros(phase.micros(99.9)), micros(phase.maxMicros()),
						ratio(report.speedUp(result, phase.operation())), phase.misses());
			}
		}
		out.println();
		for (EngineResult result : report.results()) {
			out.printf("%s (%s)%n", result.engine(), result.syncNote());
		}
		List<String> sentences = speedUpSentences(report);
		if (!sentences.isEmpty()) {
			out.println();
			sentences.forEach(out::println);
		}
		out.flush();
	}

	/**
	 * "file: PUT 0.02x of log, GET 0.51x of log, DELETE 0.10x of log", for each other
	 * engine.
	 */
	static List<String> speedUpSentences(RunReport report) {
		List<String> sentences = new ArrayList<>();
		for (EngineResult result : report.results()) {
			if (result.engine().equals(RunReport.BASELINE)) {
				continue;
			}
			List<String> parts = new ArrayList<>();
			for (Operation operation : Operation.values()) {
				report.speedUp(result, operation)
					.ifPresent((ratio) -> parts.add(operation + " " + ratio(ratio) + " of " + RunReport.BASELINE));
			}
			if (!parts.isEmpty()) {
				sentences.add(result.engine() + ": " + String.join(", ", parts));
			}
		}
		return sentences;
	}

	private static String micros(double value) {
		return String.format(Locale.ROOT, (value < 100) ? "%.1f" : "%,.0f", value);
	}

	private static String ratio(OptionalDouble ratio) {
		return ratio.isPresent() ? ratio(ratio.getAsDouble()) : "-";
	}

	private static String ratio(double ratio) {
		return String.format(Locale.ROOT, (ratio < 0.1) ? "%.3fx" : "%.2fx", ratio);
	}

	static String load(double load) {
		return (load < 0) ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
	}

}
