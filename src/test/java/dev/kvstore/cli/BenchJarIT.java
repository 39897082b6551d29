package dev.kvstore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark jar, {@code target/kvstore-bench.jar}, in a child JVM: the reference
 * engines are registered and run through the same command. Only a {@code -Pbench} build
 * makes that jar, so without it these tests are skipped.
 */
class BenchJarIT {

	private static final Path JAR = Path.of("target", "kvstore-bench.jar");

	@BeforeAll
	static void theJarIsBuilt() {
		assumeTrue(Files.isRegularFile(JAR),
				"target/kvstore-bench.jar is not built: run ./mvnw -Pbench -DskipTests package first");
	}

	@Test
	void theReferenceEnginesRunBesideOurs(@TempDir Path output) throws Exception {
		for (String sync : List.of("never", "always")) {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-jar", JAR.toString(), "bench", "engine", "--engine", "log,rocksdb,mvstore", "--num-ops", "100",
					"--warmup", "10", "--threads", "2", "--sync", sync, "--output", output.resolve(sync).toString())
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the benchmark ended").isTrue();
			assertThat(process.exitValue()).as(text).isZero();
			assertThat(text).containsPattern("(?m)^rocksdb: PUT [\\d.]+x of log")
				.containsPattern("(?m)^mvstore: PUT [\\d.]+x of log")
				.doesNotContain("warning");
			assertThat(Files.readAllLines(output.resolve(sync).resolve("results.csv"))).hasSize(1 + 3 * 3);
		}
	}

	@Test
	void theJarHoldsNothingOfSpring() throws IOException {
		try (JarFile jar = new JarFile(JAR.toFile())) {
			assertThat(jar.stream().map((entry) -> entry.getName()))
				.anyMatch((name) -> name.equals("dev/kvstore/bench/RocksDbEngine.class"))
				.noneMatch((name) -> name.contains("springframework"));
			assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.kvstore.cli.KvCli");
		}
	}

}
