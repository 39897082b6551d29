package dev.kvstore.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs every phase on one engine, in a fresh directory of its own that is deleted
 * afterwards, so that no engine reads another's files or finds its own from an earlier
 * run. Opening and closing the store are not timed, nor a warm-up on other keys before
 * the timed phases.
 */
final class EngineRunner {

	private final BenchSettings settings;

	private final Workload workload;

	private final Workload warmup;

	private final PrintWriter err;

	private final int progressWidth;

	EngineRunner(BenchSettings settings, PrintWriter err, int progressWidth) {
		this.settings = settings;
		this.workload = Workload.timed(settings);
		this.warmup = Workload.warmup(settings);
		this.err = err;
		this.progressWidth = progressWidth;
	}

	EngineResult run(BenchEngine engine, Path dataRoot) throws Exception {
		Path directory = Files.createTempDirectory(dataRoot, engine.name() + "-");
		try {
			List<PhaseResult> phases = new ArrayList<>();
			long total = (long) this.workload.size() * Operation.values().length;
			try (Progress progress = new Progress(this.err, engine.name(), total, this.progressWidth);
					BenchTarget target = engine.open(directory, this.settings.sync())) {
				if (this.warmup.size() > 0) {
					progress.phase("warm-up");
					PhaseRunner warming = new PhaseRunner(this.warmup, this.settings.threads(), (steps) -> {
					});
					for (Operation operation : Operation.values()) {
						warming.run(target, operation);
					}
				}
				PhaseRunner runner = new PhaseRunner(this.workload, this.settings.threads(), progress::advance);
				for (Operation operation : Operation.values()) {
					progress.phase(operation.name());
					phases.add(runner.run(target, operation));
				}
			}
			return new EngineResult(engine.name(), engine.describe(this.settings.sync()), phases);
		}
		finally {
			deleteTree(directory);
		}
	}

	static void deleteTree(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + root, ex);
		}
	}

}
