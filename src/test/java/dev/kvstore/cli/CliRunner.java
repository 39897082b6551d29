package dev.kvstore.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the CLI in-process, as {@code java -jar kvstore-cli.jar} would, with standard
 * input, the environment and the service's URL of the test's choosing, and captures the
 * exit status and both output streams.
 */
final class CliRunner {

	private final String url;

	private final Map<String, String> env;

	private CliRunner(String url, Map<String, String> env) {
		this.url = url;
		this.env = env;
	}

	/** A runner that passes {@code --url} first. */
	static CliRunner at(String url) {
		return new CliRunner(url, Map.of());
	}

	/** A runner that passes no {@code --url}, with this environment. */
	static CliRunner withEnv(Map<String, String> env) {
		return new CliRunner(null, env);
	}

	Result run(String... args) {
		return runWithInput(new byte[0], args);
	}

	Result runWithInput(String stdin, String... args) {
		return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
	}

	Result runWithInput(byte[] stdin, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] full = args;
		if (this.url != null) {
			full = new String[args.length + 1];
			full[0] = "--url=" + this.url;
			System.arraycopy(args, 0, full, 1, args.length);
		}
		int status = KvCli.execute(new Terminal(new ByteArrayInputStream(stdin), out, err, this.env), full);
		return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
	}

	/** What one run of the CLI left behind. */
	record Result(int exitCode, byte[] stdoutBytes, String stderr) {

		String stdout() {
			return new String(this.stdoutBytes, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + this.stderr;
		}

	}

}
