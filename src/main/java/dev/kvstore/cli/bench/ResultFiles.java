package dev.kvstore.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The run's results as {@code results.csv} (a row per engine and operation, for
 * spreadsheets) and {@code results.json} (the same with the settings and the machine, for
 * scripts). Numbers are written with a dot whatever the locale; latencies in
 * microseconds.
 */
final class ResultFiles {

	static final String CSV = "results.csv";

	static final String JSON = "results.json";

	static final String CSV_HEADER = "engine,operation,ops,threads,value_size,sync,seconds,ops_per_sec,"
			+ "p50_us,p99_us,p999_us,max_us,speedup_vs_log,misses";

	private ResultFiles() {
	}

	static List<Path> write(RunReport report, Path directory) throws IOException {
		Files.createDirectories(directory);
		Path csv = directory.resolve(CSV);
		Files.writeString(csv, csv(report), StandardCharsets.UTF_8);
		Path json = directory.resolve(JSON);
		Files.writeString(json, json(report), StandardCharsets.UTF_8);
		return List.of(csv, json);
	}

	static String csv(RunReport report) {
		StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
		BenchSettings settings = report.settings();
		for (EngineResult result : report.results()) {
			for (PhaseResult phase : result.phases()) {
				text.append(String.join(",", result.engine(), phase.operation().name(), Long.toString(phase.count()),
						Integer.toString(settings.threads()), Integer.toString(settings.valueSize()),
						settings.sync().label(), number(phase.seconds()), number(phase.opsPerSecond()),
						number(phase.micros(50)), number(phase.micros(99)), number(phase.micros(99.9)),
						number(phase.maxMicros()), optional(report.speedUp(result, phase.operation())),
						Long.toString(phase.misses())))
					.append('\n');
			}
		}
		return text.toString();
	}

	static String json(RunReport report) {
		BenchSettings settings = report.settings();
		List<String> rows = new ArrayList<>();
		for (EngineResult result : report.results()) {
			for (PhaseResult phase : result.phases()) {
				OptionalDouble speedUp = report.speedUp(result, phase.operation());
				rows.add(String.format(Locale.ROOT,
						"    {\"engine\": %s, \"operation\": \"%s\", \"ops\": %d, \"seconds\": %s, "
								+ "\"opsPerSecond\": %s, \"latencyMicros\": {\"p50\": %s, \"p99\": %s, "
								+ "\"p999\": %s, \"max\": %s}, \"speedUpVsLog\": %s, \"misses\": %d, \"sync\": %s}",
						string(result.engine()), phase.operation(), phase.count(), number(phase.seconds()),
						number(phase.opsPerSecond()), number(phase.micros(50)), number(phase.micros(99)),
						number(phase.micros(99.9)), number(phase.maxMicros()),
						speedUp.isPresent() ? number(speedUp.getAsDouble()) : "null", phase.misses(),
						string(result.syncNote())));
			}
		}
		return String.format(Locale.ROOT,
				"{%n  \"settings\": {\"ops\": %d, \"valueSize\": %d, \"threads\": %d, \"sync\": \"%s\", \"warmup\": %d},%n"
						+ "  \"machine\": {\"cores\": %d, \"loadAverage\": %s, \"java\": %s},%n"
						+ "  \"started\": \"%s\",%n  \"results\": [%n%s%n  ]%n}%n",
				settings.operations(), settings.valueSize(), settings.threads(), settings.sync().label(),
				settings.warmup(), report.cores(), (report.loadBefore() < 0) ? "null" : number(report.loadBefore()),
				string(report.java()), report.started(), String.join(",\n", rows));
	}

	private static String optional(OptionalDouble value) {
		return value.isPresent() ? number(value.getAsDouble()) : "";
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.4f", value);
	}

	/**
	 * A JSON string; engine names and notes are plain text, but quotes and backslashes
	 * are escaped anyway.
	 */
	private static String string(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

}
