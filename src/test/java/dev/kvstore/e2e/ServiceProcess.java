package dev.kvstore.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service ({@code target/kvstore.jar}) running as a child process on a port
 * of its own choosing, read from its log.
 */
final class ServiceProcess {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	/** Safety net only: how long a start may take before the test gives up. */
	private static final Duration START_LIMIT = Duration.ofMinutes(2);

	private final Process process;

	private final Path log;

	private final int port;

	private ServiceProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/** The jar under test: the {@code kv.jar} system property, else the build's. */
	static Path jar() {
		return Path.of(System.getProperty("kv.jar", "target/kvstore.jar")).toAbsolutePath();
	}

	/**
	 * Starts the service and waits until {@code /actuator/health} answers 200.
	 * @param log where its standard output and error go
	 * @param jvmOptions options of the child JVM, such as {@code -Xmx256m}
	 * @param arguments the service's arguments ({@code --kv.data-dir=...}); the port is
	 * added here
	 */
	static ServiceProcess start(Path log, List<String> jvmOptions, List<String> arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar().toString());
		command.add("--server.port=0");
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ServiceProcess service = new ServiceProcess(process, log, awaitPort(process, log));
		service.awaitHealthy();
		return service;
	}

	private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
			if (!process.isAlive()) {
				throw new IllegalStateException(
						"the service exited with status " + process.exitValue() + " before it listened:\n" + tail(log));
			}
			Thread.sleep(100);
		}
		process.destroyForcibly();
		throw new IllegalStateException("the service did not listen within " + START_LIMIT + ":\n" + tail(log));
	}

	private void awaitHealthy() throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest health = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(10)).build();
		long deadline = System.nanoTime() + START_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not ready yet
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"the service exited with status " + this.process.exitValue() + ":\n" + tail(this.log));
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the service never became healthy:\n" + tail(this.log));
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Kills the process with SIGKILL ({@code Process.destroyForcibly()} on Linux): no
	 * shutdown hook, no graceful stop, no flush.
	 * @return its exit status, 137 (128 + 9) for a SIGKILL
	 */
	int killHard() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(1, TimeUnit.MINUTES)) {
			throw new IllegalStateException("process " + pid() + " survived SIGKILL");
		}
		return this.process.exitValue();
	}

	/** Stops the process if it still runs (SIGTERM, then SIGKILL as a safety net). */
	void stop() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				killHard();
			}
		}
	}

	String logTail() {
		return tail(this.log);
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
