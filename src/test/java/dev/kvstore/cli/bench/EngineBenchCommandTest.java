package dev.kvstore.cli.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.kvstore.cli.InProcessCli;
import dev.kvstore.cli.InProcessCli.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench engine} run in-process with small numbers: what it prints and writes,
 * never how fast anything was (timings on a shared machine prove nothing;
 * docs/benchmarks.md holds the measurements).
 */
class EngineBenchCommandTest {

	private static final List<String> BUILT_IN = List.of("log", "file", "memory");

	private static final List<String> OPERATIONS = List.of("PUT", "GET", "DELETE");

	@TempDir
	Path temp;

	@ParameterizedTest(name = "{0} threads, sync={1}")
	@CsvSource({ "1, never", "4, never", "1, always", "4, always" })
	void everyBuiltInEngineRunsEveryOperation(int threads, String sync) throws IOException {
		Path output = this.temp.resolve("out");
		Outcome outcome = bench("--engine", "log,file,memory", "--num-ops", "200", "--warmup", "20", "--threads",
				Integer.toString(threads), "--sync", sync, "--output", output.toString());

		assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
		for (String engine : BUILT_IN) {
			for (String operation : OPERATIONS) {
				assertThat(outcome.stdout()).as(engine + " " + operation)
					.containsPattern(Pattern.compile("(?m)^" + engine + "\\s+" + operation + "\\s+[\\d,]+\\s"));
			}
		}
		assertThat(outcome.stdout()).contains("200 ops x 100 B values, " + threads + " thread")
			.contains("sync=" + sync)
			.containsPattern("(?m)^file: PUT [\\d.]+x of log, GET [\\d.]+x of log, DELETE [\\d.]+x of log$")
			.containsPattern("(?m)^memory: PUT [\\d.]+x of log");
		assertThat(outcome.stderr()).as("the progress bar").contains("log").contains("100%");
		assertCsv(output.resolve("results.csv"), BUILT_IN, threads, sync);
		assertJson(output.resolve("results.json"), BUILT_IN, threads, sync);
		assertImage(output.resolve("throughput.png"));
		assertImage(output.resolve("latency.png"));
	}

	@Test
	void allRunsEveryAvailableEngineBeginningWithTheBuiltInOnes() throws IOException {
		Path output = this.temp.resolve("out");
		Outcome outcome = bench("--engine", "all", "--num-ops", "20", "--warmup", "0", "--output", output.toString());

		assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
		List<String> engines = Files.readAllLines(output.resolve("results.csv"))
			.stream()
			.skip(1)
			.map((line) -> line.split(",")[0])
			.distinct()
			.toList();
		assertThat(engines).isEqualTo(BenchEngines.available().names()).startsWith("log", "file", "memory");
	}

	@Test
	void enginesRunInTheOrderNamed() throws IOException {
		Path output = this.temp.resolve("out");
		Outcome outcome = bench("--engine", "memory,log", "--num-ops", "50", "--warmup", "0", "--output",
				output.toString());

		assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
		assertThat(outcome.stdout()).doesNotContainPattern("(?m)^file\\s");
		List<String> lines = Files.readAllLines(output.resolve("results.csv"));
		assertThat(lines.subList(1, lines.size())).extracting((line) -> line.split(",")[0])
			.containsExactly("memory", "memory", "memory", "log", "log", "log");
	}

	@Test
	void eachEngineGetsAFreshDirectoryThatIsDeletedAfterwards() throws IOException {
		Path data = this.temp.resolve("data");
		Outcome outcome = bench("--engine", "log,file", "--num-ops", "30", "--warmup", "0", "--data-dir",
				data.toString(), "--output", this.temp.resolve("out").toString());

		assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
		try (Stream<Path> left = Files.list(data)) {
			assertThat(left).isEmpty();
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "--num-ops 0|--num-ops must be at least 1", "--threads 0|--threads must be between 1 and 1024",
					"--value-size -1|--value-size must be between", "--warmup -1|--warmup must not be negative",
					"--engine nosuch|unknown engine 'nosuch'", "--sync sometimes|expected always or never",
					"--num-ops many|'many' is not an int", "--frobnicate|Unknown option" })
	void badArgumentsAreAUsageError(String arguments, String message) throws IOException {
		Path output = this.temp.resolve("out");
		List<String> args = new ArrayList<>(List.of("--output", output.toString()));
		args.addAll(List.of(arguments.split(" ")));
		Outcome outcome = bench(args.toArray(String[]::new));

		assertThat(outcome.exitCode()).isEqualTo(2);
		assertThat(outcome.stderr()).contains(message);
		assertThat(output).doesNotExist();
	}

	@Test
	void benchWithoutASubcommandIsAUsageError() {
		Outcome outcome = InProcessCli.run("bench");

		assertThat(outcome.exitCode()).isEqualTo(2);
		assertThat(outcome.stderr()).contains("Missing required subcommand").contains("engine");
	}

	private static Outcome bench(String... args) {
		List<String> full = new ArrayList<>(List.of("bench", "engine"));
		full.addAll(List.of(args));
		return InProcessCli.run(full.toArray(String[]::new));
	}

	private static void assertCsv(Path csv, List<String> engines, int threads, String sync) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		assertThat(lines.get(0)).isEqualTo(ResultFiles.CSV_HEADER);
		List<String> header = List.of(lines.get(0).split(","));
		List<String> rows = lines.subList(1, lines.size());
		assertThat(rows).hasSize(engines.size() * OPERATIONS.size());
		List<String> seen = new ArrayList<>();
		for (String row : rows) {
			String[] cells = row.split(",", -1);
			assertThat(cells).hasSameSizeAs(header.toArray());
			seen.add(cells[0] + " " + cells[1]);
			assertThat(cell(header, cells, "ops")).isEqualTo("200");
			assertThat(cell(header, cells, "threads")).isEqualTo(Integer.toString(threads));
			assertThat(cell(header, cells, "sync")).isEqualTo(sync);
			assertThat(cell(header, cells, "misses")).isEqualTo("0");
			assertThat(Double.parseDouble(cell(header, cells, "ops_per_sec"))).isPositive();
			double p50 = Double.parseDouble(cell(header, cells, "p50_us"));
			double p99 = Double.parseDouble(cell(header, cells, "p99_us"));
			double p999 = Double.parseDouble(cell(header, cells, "p999_us"));
			assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
			assertThat(p99).isLessThanOrEqualTo(p999);
			assertThat(Double.parseDouble(cell(header, cells, "speedup_vs_log"))).isPositive();
		}
		List<String> expected = new ArrayList<>();
		for (String engine : engines) {
			for (String operation : OPERATIONS) {
				expected.add(engine + " " + operation);
			}
		}
		assertThat(seen).containsExactlyElementsOf(expected);
	}

	private static String cell(List<String> header, String[] cells, String column) {
		return cells[header.indexOf(column)];
	}

	private static void assertJson(Path json, List<String> engines, int threads, String sync) throws IOException {
		JsonNode root = JsonMapper.builder().build().readTree(Files.readString(json));
		assertThat(root.path("settings").path("ops").asInt()).isEqualTo(200);
		assertThat(root.path("settings").path("threads").asInt()).isEqualTo(threads);
		assertThat(root.path("settings").path("sync").asString()).isEqualTo(sync);
		assertThat(root.path("machine").path("cores").asInt()).isPositive();
		JsonNode results = root.path("results");
		assertThat(results.size()).isEqualTo(engines.size() * OPERATIONS.size());
		for (JsonNode result : results) {
			assertThat(engines).contains(result.path("engine").asString());
			assertThat(OPERATIONS).contains(result.path("operation").asString());
			assertThat(result.path("ops").asLong()).isEqualTo(200);
			assertThat(result.path("opsPerSecond").isNumber()).isTrue();
			assertThat(result.path("opsPerSecond").asDouble()).isPositive();
			for (String percentile : List.of("p50", "p99", "p999", "max")) {
				assertThat(result.path("latencyMicros").path(percentile).asDouble()).as(percentile).isPositive();
			}
			assertThat(result.path("speedUpVsLog").isNumber()).isTrue();
		}
		assertThat(results.get(0).path("engine").asString()).isEqualTo("log");
		assertThat(results.get(0).path("speedUpVsLog").asDouble()).isEqualTo(1.0);
	}

	private static void assertImage(Path png) throws IOException {
		assertThat(png).isRegularFile();
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image).as(png + " is a readable image").isNotNull();
		assertThat(image.getWidth()).isPositive();
		assertThat(image.getHeight()).isPositive();
	}

}
