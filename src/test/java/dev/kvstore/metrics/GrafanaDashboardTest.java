package dev.kvstore.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import dev.kvstore.web.FreshDataDirectory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every Prometheus series that {@code docs/grafana/kvstore.json} queries is scraped. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FreshDataDirectory.class)
class GrafanaDashboardTest {

	private static final Pattern SERIES = Pattern.compile("\\bkv_[a-z_]+");

	@LocalServerPort
	int port;

	@Test
	void everyQueriedSeriesIsScraped() throws IOException {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Path.of("docs/grafana/kvstore.json")));
		Set<String> queried = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				Matcher matcher = SERIES.matcher(target.get("expr").asString());
				while (matcher.find()) {
					queried.add(matcher.group());
				}
			}
		}
		assertThat(queried).contains("kv_operation_seconds_count", "kv_operation_seconds_bucket", "kv_keys",
				"kv_segments", "kv_disk_bytes", "kv_disk_reclaimable_bytes", "kv_compaction_seconds_count",
				"kv_compaction_reclaimed_bytes_total", "kv_sync_batch_writes_bucket");
		RestAssured.port = this.port;
		given().body("v").put("/keys/grafana").then().statusCode(201);
		String scrape = given().get("/actuator/prometheus").then().statusCode(200).extract().asString();
		for (String series : queried) {
			assertThat(scrape).as(series).containsPattern("(?m)^" + series + "\\{");
		}
	}

}
