package dev.kvstore.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The run's results as PNG charts: throughput per operation with a bar per engine, and
 * the latency percentiles of every operation on a logarithmic axis (engines differ by
 * orders of magnitude, a linear one would flatten all but the slowest).
 */
final class ResultCharts {

	static final String THROUGHPUT = "throughput.png";

	static final String LATENCY = "latency.png";

	private static final double[] PERCENTILES = { 50, 99, 99.9 };

	private static final String[] PERCENTILE_NAMES = { "p50", "p99", "p99.9" };

	private ResultCharts() {
	}

	static List<Path> write(RunReport report, Path directory) throws IOException {
		Files.createDirectories(directory);
		Path throughput = directory.resolve(THROUGHPUT);
		save(throughput(report), throughput);
		Path latency = directory.resolve(LATENCY);
		save(latency(report), latency);
		return List.of(throughput, latency);
	}

	private static CategoryChart throughput(RunReport report) {
		CategoryChart chart = chart("Throughput: " + subtitle(report), "operation", "operations per second");
		List<String> operations = new ArrayList<>();
		for (Operation operation : Operation.values()) {
			operations.add(operation.name());
		}
		for (EngineResult result : report.results()) {
			List<Double> values = new ArrayList<>();
			for (Operation operation : Operation.values()) {
				values.add(result.phase(operation).opsPerSecond());
			}
			chart.addSeries(result.engine(), operations, values);
		}
		return chart;
	}

	private static CategoryChart latency(RunReport report) {
		CategoryChart chart = chart("Latency: " + subtitle(report), "operation and percentile",
				"microseconds (log scale)");
		chart.getStyler().setYAxisLogarithmic(true);
		List<String> categories = new ArrayList<>();
		double smallest = Double.MAX_VALUE;
		for (Operation operation : Operation.values()) {
			for (String name : PERCENTILE_NAMES) {
				categories.add(operation + " " + name);
			}
		}
		for (EngineResult result : report.results()) {
			List<Double> values = new ArrayList<>();
			for (Operation operation : Operation.values()) {
				for (double percentile : PERCENTILES) {
					// at least a nanosecond: a logarithmic axis has no place for zero
					double value = Math.max(0.001, result.phase(operation).micros(percentile));
					values.add(value);
					smallest = Math.min(smallest, value);
				}
			}
			chart.addSeries(result.engine(), categories, values);
		}
		// bars start from the axis' minimum, which xchart takes as 0 unless told: a power
		// of ten below the smallest value instead
		chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
		return chart;
	}

	private static CategoryChart chart(String title, String xTitle, String yTitle) {
		CategoryChart chart = new CategoryChartBuilder().width(1000)
			.height(560)
			.title(title)
			.xAxisTitle(xTitle)
			.yAxisTitle(yTitle)
			.build();
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		return chart;
	}

	private static String subtitle(RunReport report) {
		BenchSettings settings = report.settings();
		return String.format(java.util.Locale.ROOT, "%,d ops x %d B, %d thread%s, sync=%s", settings.operations(),
				settings.valueSize(), settings.threads(), (settings.threads() == 1) ? "" : "s",
				settings.sync().label());
	}

	private static void save(CategoryChart chart, Path file) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
		}
	}

}
