package dev.kvstore.metrics;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every meter of CONTRACT.md §4 exists with its tags after a mixed workload over HTTP,
 * and its value is right; one subclass per engine.
 */
abstract class MetricsContract {

	@TempDir
	static Path dataDir;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	static void properties(DynamicPropertyRegistry registry, String engine) {
		registry.add("kv.engine", () -> engine);
		registry.add("kv.data-dir", () -> dataDir.toString());
		registry.add("kv.log.segment-size", () -> "4KB");
	}

	abstract String engine();

	@BeforeEach
	void restAssured() {
		RestAssured.port = this.port;
	}

	private double count(String op, String outcome) {
		return this.registry.get("kv.operation")
			.tag("op", op)
			.tag("outcome", outcome)
			.tag("engine", engine())
			.timer()
			.count();
	}

	private double gauge(String name) {
		return this.registry.get(name).tag("engine", engine()).gauge().value();
	}

	@Test
	void metersFollowAMixedWorkload() {
		double putsBefore = count("put", "ok");
		double getsBefore = count("get", "ok");
		double missesBefore = count("get", "miss");
		double deletesBefore = count("delete", "ok");
		double rejectedBefore = count("put", "rejected");
		double listsBefore = count("list", "ok");
		double compactionsBefore = this.registry.get("kv.compaction").tag("engine", engine()).timer().count();
		String prefix = "metrics-" + System.nanoTime() + "/";
		for (int i = 0; i < 20; i++) {
			given().body("value-" + i + "x".repeat(200))
				.put("/keys/" + prefix + (i % 5))
				.then()
				.statusCode(201 + (i / 5 > 0 ? 3 : 0));
		}
		for (int i = 0; i < 7; i++) {
			given().get("/keys/" + prefix + (i % 5)).then().statusCode(200);
		}
		given().get("/keys/" + prefix + "absent").then().statusCode(404);
		given().delete("/keys/" + prefix + "0").then().statusCode(204);
		given().header("If-Match", "\"0\"").body("x").put("/keys/" + prefix + "1").then().statusCode(412);
		given().queryParam("prefix", prefix).get("/keys").then().statusCode(200);
		double reclaimableBefore = gauge("kv.disk.reclaimable.bytes");
		given().post("/compact").then().statusCode(200);

		assertThat(count("put", "ok") - putsBefore).isEqualTo(20);
		assertThat(count("get", "ok") - getsBefore).isEqualTo(7);
		assertThat(count("get", "miss") - missesBefore).isEqualTo(1);
		assertThat(count("delete", "ok") - deletesBefore).isEqualTo(1);
		assertThat(count("put", "rejected") - rejectedBefore).isEqualTo(1);
		assertThat(count("list", "ok") - listsBefore).isEqualTo(1);
		assertThat(this.registry.get("kv.compaction").tag("engine", engine()).timer().count() - compactionsBefore)
			.isEqualTo(1);
		assertThat(gauge("kv.keys")).isEqualTo(given().get("/keys?limit=1000").jsonPath().getList("keys").size());
		assertThat(gauge("kv.disk.reclaimable.bytes")).isLessThanOrEqualTo(reclaimableBefore);
		checkEngineSpecifics(reclaimableBefore);
		assertThat(this.registry.get("kv.compaction.reclaimed").tag("engine", engine()).counter()).isNotNull();
		assertThat(this.registry.get("kv.sync.batch").tag("engine", engine()).summary()).isNotNull();
	}

	/** What only some engines can promise about segments, bytes and garbage. */
	abstract void checkEngineSpecifics(double reclaimableBeforeCompaction);

	@Test
	void everyTimerIsAPercentileHistogramWithTheContractTags() {
		String scrape = given().get("/actuator/prometheus").then().statusCode(200).extract().asString();
		for (String op : new String[] { "put", "get", "delete", "list", "compact" }) {
			for (String outcome : new String[] { "ok", "miss", "rejected", "error" }) {
				assertThat(scrape).contains("kv_operation_seconds_bucket{engine=\"" + engine() + "\",op=\"" + op
						+ "\",outcome=\"" + outcome + "\",le=\"");
			}
		}
		for (String series : new String[] { "kv_keys", "kv_segments", "kv_disk_bytes", "kv_disk_reclaimable_bytes",
				"kv_compaction_seconds_count", "kv_compaction_reclaimed_bytes_total", "kv_sync_batch_writes_bucket" }) {
			assertThat(scrape).contains(series + "{engine=\"" + engine() + "\"");
		}
		assertThat(scrape).contains("# HELP kv_keys Keys present");
	}

	@Test
	void healthHasAStorageComponentAndInfoNamesTheEngine() {
		given().get("/actuator/health")
			.then()
			.statusCode(200)
			.body("status", org.hamcrest.Matchers.equalTo("UP"))
			.body("components.storage.status", org.hamcrest.Matchers.equalTo("UP"))
			.body("components.storage.details.engine", org.hamcrest.Matchers.equalTo(engine()))
			.body("components.storage.details.freeBytes", org.hamcrest.Matchers.greaterThan(0L));
		given().get("/actuator/info")
			.then()
			.statusCode(200)
			.body("storage.engine", org.hamcrest.Matchers.equalTo(engine()))
			.body("storage.dataFormatVersion", org.hamcrest.Matchers.equalTo(1));
	}

}
