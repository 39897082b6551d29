package dev.kvstore.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.kvstore.engine.EngineLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench engine}: the engines in-process, side by side in one run. For each engine,
 * PUT then GET then DELETE of the same distinct keys from the given number of threads:
 * throughput, latency percentiles and speed relative to the log engine, as a table on
 * standard output and as CSV, JSON and PNG charts in the output directory.
 */
@Command(name = "engine", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
		description = { "Benchmark the storage engines in-process: PUT, then GET, then DELETE of distinct keys.",
				"Prints a table on standard output and a progress bar on standard error; writes results.csv, "
						+ "results.json, throughput.png and latency.png to the output directory." })
final class EngineBenchCommand implements Callable<Integer> {

	private static final int MAX_THREADS = 1024;

	private static final int PROGRESS_WIDTH = 100;

	@Spec
	private CommandSpec spec;

	@Option(names = "--engine", paramLabel = "NAME[,NAME...]", defaultValue = BenchEngines.ALL,
			description = "Engines to run, comma-separated, or 'all' (default: ${DEFAULT-VALUE}). "
					+ "Built in: log, file, memory; the benchmark jar adds rocksdb and mvstore.")
	private String engine;

	@Option(names = "--num-ops", paramLabel = "N", defaultValue = "20000",
			description = "Distinct keys, each put, read and deleted once (default: ${DEFAULT-VALUE}).")
	private int operations;

	@Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100",
			description = "Bytes of each random value (default: ${DEFAULT-VALUE}).")
	private int valueSize;

	@Option(names = "--threads", paramLabel = "N", defaultValue = "1",
			description = "Threads sharing each phase (default: ${DEFAULT-VALUE}).")
	private int threads;

	@Option(names = "--sync", paramLabel = "always|never", defaultValue = "never", converter = SyncConverter.class,
			description = "always: each write is on disk before it returns; never: left to the OS "
					+ "(default: ${DEFAULT-VALUE}).")
	private BenchSync sync;

	@Option(names = "--warmup", paramLabel = "N", defaultValue = "5000",
			description = "Other keys put, read and deleted on each engine before the timed phases, "
					+ "so that the first engine is not measured with cold code (default: ${DEFAULT-VALUE}).")
	private int warmup;

	@Option(names = "--data-dir", paramLabel = "DIR",
			description = "Where each engine gets a fresh directory, deleted after its run "
					+ "(default: a temporary directory).")
	private Path dataDir;

	@Option(names = "--output", paramLabel = "DIR",
			description = "Where the CSV, JSON and PNG results go (default: bench/results/engine-<timestamp>).")
	private Path output;

	@Override
	public Integer call() throws Exception {
		validate();
		List<BenchEngine> engines = selectEngines();
		// the charts are drawn off-screen; without this AWT may look for a display
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		BenchSettings settings = new BenchSettings(this.operations, this.valueSize, this.threads, this.sync,
				this.warmup);
		EngineRunner runner = new EngineRunner(settings, err, PROGRESS_WIDTH);
		boolean temporary = this.dataDir == null;
		Path dataRoot = temporary ? Files.createTempDirectory("kvstore-bench-") : Files.createDirectories(this.dataDir);
		Instant started = Instant.now();
		double load = RunReport.currentLoad();
		List<EngineResult> results = new ArrayList<>();
		try {
			for (BenchEngine candidate : engines) {
				results.add(runner.run(candidate, dataRoot));
			}
		}
		finally {
			if (temporary) {
				EngineRunner.deleteTree(dataRoot);
			}
		}
		RunReport report = RunReport.of(settings, results, started, load);
		ResultTable.print(report, out);
		Path directory = (this.output != null) ? this.output : defaultOutput();
		List<Path> written = new ArrayList<>(ResultFiles.write(report, directory));
		written.addAll(charts(report, directory, err));
		out.println();
		out.println("Results in " + directory + ":");
		written.forEach((file) -> out.println("  " + file.getFileName()));
		out.flush();
		return 0;
	}

	private void validate() {
		require(this.operations >= 1, "--num-ops must be at least 1, was " + this.operations);
		require(this.valueSize >= 0 && this.valueSize <= EngineLimits.DEFAULTS.maxValueBytes(),
				"--value-size must be between 0 and " + EngineLimits.DEFAULTS.maxValueBytes() + ", was "
						+ this.valueSize);
		require(this.warmup >= 0, "--warmup must not be negative, was " + this.warmup);
		require(this.threads >= 1 && this.threads <= MAX_THREADS,
				"--threads must be between 1 and " + MAX_THREADS + ", was " + this.threads);
	}

	private List<BenchEngine> selectEngines() {
		BenchEngines available = BenchEngines.available();
		PrintWriter err = this.spec.commandLine().getErr();
		available.problems().forEach((problem) -> err.println("warning: engine left out: " + problem));
		err.flush();
		try {
			return available.select(this.engine);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
	}

	private void require(boolean condition, String message) {
		if (!condition) {
			throw new ParameterException(this.spec.commandLine(), message);
		}
	}

	/**
	 * The charts, unless drawing fails (no fonts on a bare server, say): the numbers are
	 * in the table and the files already, so that is a warning, not a failed run.
	 */
	private static List<Path> charts(RunReport report, Path directory, PrintWriter err) {
		try {
			return ResultCharts.write(report, directory);
		}
		catch (Exception | LinkageError ex) {
			err.println("warning: charts not written: " + ex);
			err.flush();
			return List.of();
		}
	}

	private static Path defaultOutput() {
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		return Path.of("bench", "results", "engine-" + stamp);
	}

	/** {@code always} or {@code never}, in any case. */
	static final class SyncConverter implements picocli.CommandLine.ITypeConverter<BenchSync> {

		@Override
		public BenchSync convert(String value) {
			for (BenchSync candidate : BenchSync.values()) {
				if (candidate.label().equalsIgnoreCase(value)) {
					return candidate;
				}
			}
			throw new picocli.CommandLine.TypeConversionException("expected always or never, was '" + value + "'");
		}

	}

}
