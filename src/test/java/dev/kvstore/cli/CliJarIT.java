package dev.kvstore.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged {@code target/kvstore-cli.jar} as users run it, in a child JVM. Run by
 * failsafe in {@code integration-test}, after {@code package} has built the jar.
 */
class CliJarIT {

	private static final Path JAR = Path.of("target", "kvstore-cli.jar");

	@BeforeAll
	static void theJarIsBuilt() {
		assumeTrue(Files.isRegularFile(JAR), "target/kvstore-cli.jar is not built yet: run ./mvnw package first");
	}

	@Test
	void helpRunsFromTheJar() throws Exception {
		Run run = java("--help");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).startsWith("Usage: kvstore-cli").contains("Exit status:");
	}

	@Test
	void anUnreachableServiceExitsWithThree() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Run run = java("--url", "http://127.0.0.1:" + port, "get", "k");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
		assertThat(run.output()).contains("kvstore is not reachable at http://127.0.0.1:" + port);
	}

	@Test
	void theJarHoldsNothingOfSpring() throws IOException {
		try (JarFile jar = new JarFile(JAR.toFile())) {
			assertThat(jar.stream().map((entry) -> entry.getName()))
				.anyMatch((name) -> name.equals("dev/kvstore/cli/KvCli.class"))
				.anyMatch((name) -> name.startsWith("picocli/"))
				.anyMatch((name) -> name.startsWith("org/knowm/xchart/"))
				.anyMatch((name) -> name.startsWith("me/tongfei/progressbar/"))
				.noneMatch((name) -> name.contains("springframework"))
				.noneMatch((name) -> name.startsWith("org/rocksdb/") || name.startsWith("org/h2/"))
				.noneMatch((name) -> name.startsWith("dev/kvstore/bench/"));
			assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.kvstore.cli.KvCli");
		}
	}

	@Test
	void theEngineBenchmarkRunsFromTheJar(@TempDir Path output) throws Exception {
		Run run = java("bench", "engine", "--engine", "all", "--num-ops", "100", "--warmup", "10", "--output",
				output.toString());
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("file: PUT").contains("memory: PUT").doesNotContain("warning");
		assertThat(output.resolve("results.csv")).isRegularFile();
		assertThat(ImageIO.read(output.resolve("throughput.png").toFile())).isNotNull();
		assertThat(ImageIO.read(output.resolve("latency.png").toFile())).isNotNull();
	}

	private static Run java(String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-jar");
		command.add(JAR.toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
		return new Run(process.exitValue(), output);
	}

	private record Run(int exitCode, String output) {

	}

}
