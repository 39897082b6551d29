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
 * run. Opening and closing the store are not timed.
 */
final class EngineRunner {

	private final BenchSettings settings;

	private final Workload workload;

	private final PrintWriter err;

	private final int progressWidth;

	EngineRunner(BenchSettings settings, Workload workload, PrintWriter err, int progressWidth) {
		this.settings = settings;
		this.workload = workload;
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
				PhaseRunner runner = new PhaseRunner(this.workload, this.settings.threads(), progress);
				for (Operation operation : Operation.values()) {
					progress.phase(operation);
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
