package dev.kvstore.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.kvstore.KvStoreApplication;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the application in the {@code repl} profile as a child JVM, the way a person
 * starts it, with commands piped to its standard input. The child gets the test's runtime
 * classpath, so it runs the classes under test.
 */
final class ReplProcess {

	/** Generous: only reached if the shell hangs instead of ending. */
	private static final long GIVE_UP_SECONDS = 120;

	static final String PROMPT = "kvstore> ";

	private ReplProcess() {
	}

	/**
	 * Starts the REPL on {@code dataDir}, writes {@code lines} to it, closes its input
	 * and waits for it to end.
	 * @param systemProperties extra {@code -D} settings, such as
	 * {@code kv.max-value-bytes=64}
	 */
	static Run run(Path dataDir, List<String> lines, String... systemProperties)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Arrays.stream(systemProperties).map((property) -> "-D" + property).forEach(command::add);
		command.add("-cp");
		command.add(classpath());
		command.add(KvStoreApplication.class.getName());
		Path errors = Files.createTempFile(dataDir.getParent(), "repl-stderr", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
		builder.environment().put("SPRING_PROFILES_ACTIVE", "repl");
		builder.environment().put("KV_DATA_DIR", dataDir.toString());
		Process process = builder.start();
		try (OutputStream in = process.getOutputStream()) {
			for (String line : lines) {
				in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			}
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("the REPL did not end; output so far:%n%s", output);
		}
		return new Run(process.exitValue(), output, Files.readString(errors));
	}

	/**
	 * Surefire may start tests through a manifest-only jar; it then names the real
	 * classpath in a property of its own.
	 */
	private static String classpath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
	}

	/**
	 * How a REPL run ended.
	 *
	 * @param exitCode the process's exit status
	 * @param output all it wrote to standard output
	 * @param errors all it wrote to standard error
	 */
	record Run(int exitCode, String output, String errors) {

		/**
		 * What the shell printed in answer to the {@code n}th line of input (from 1); 0
		 * is what it printed before the first prompt.
		 */
		String reply(int n) {
			String[] parts = this.output.split(PROMPT, -1);
			if (n >= parts.length) {
				fail("no reply to input line %d in:%n%s%nstderr:%n%s", n, this.output, this.errors);
			}
			return parts[n].strip();
		}

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- stdout\n" + this.output + "\n--- stderr\n" + this.errors;
		}

	}

}
