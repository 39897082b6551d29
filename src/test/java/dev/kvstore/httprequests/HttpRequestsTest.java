package dev.kvstore.httprequests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import dev.kvstore.web.FreshDataDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every file of {@code http-requests/} with httpyac against the service, and every
 * check in them must pass. {@code .ci/run} installs httpyac from the npm registry; where
 * it is not installed, the test is skipped with a message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FreshDataDirectory.class)
class HttpRequestsTest {

	private static final Path REQUESTS = Path.of("http-requests");

	@LocalServerPort
	int port;

	@Test
	void everyRequestPassesItsChecks() throws Exception {
		Optional<Path> httpyac = findOnPath("httpyac");
		Assumptions.assumeTrue(httpyac.isPresent(),
				"httpyac is not installed (npm install -g httpyac); skipping the http-requests run");
		List<String> files;
		try (Stream<Path> listing = Files.list(REQUESTS)) {
			files = listing.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".http"))
				.sorted()
				.toList();
		}
		assertThat(files).contains("keys.http", "listing.http", "compaction.http", "operations.http");
		List<String> command = new ArrayList<>(List.of(httpyac.get().toString(), "send"));
		command.addAll(files);
		command.addAll(List.of("--all", "--env", "local", "--var", "host=http://localhost:" + this.port, "--output",
				"none", "--output-failed", "short"));
		Process process = new ProcessBuilder(command).directory(REQUESTS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("httpyac finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).doesNotContain("✖").containsPattern("\\d+ requests processed \\(\\d+ succeeded\\)");
		assertThat(output).doesNotContainPattern("\\d+ failed");
	}

	private static Optional<Path> findOnPath(String program) throws IOException {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, program);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
