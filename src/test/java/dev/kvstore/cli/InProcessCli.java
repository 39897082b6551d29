package dev.kvstore.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the whole CLI in-process for tests of other packages (the benchmark's), with empty
 * standard input and environment, and captures what it printed.
 */
public final class InProcessCli {

	private InProcessCli() {
	}

	public static Outcome run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = KvCli.execute(new Terminal(new ByteArrayInputStream(new byte[0]), out, err, Map.of()), args);
		return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** The exit status and both streams of one run. */
	public record Outcome(int exitCode, String stdout, String stderr) {

	}

}
