package dev.kvstore.metrics;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LogEngineMetricsTest extends MetricsContract {

	@DynamicPropertySource
	static void engine(DynamicPropertyRegistry registry) {
		properties(registry, "log");
	}

	@Override
	String engine() {
		return "log";
	}

	@Override
	void checkEngineSpecifics(double reclaimableBeforeCompaction) {
		// Overwrites and a delete left garbage, and the compaction reclaimed it all.
		assertThat(reclaimableBeforeCompaction).isPositive();
		assertThat(this.registry.get("kv.disk.reclaimable.bytes").tag("engine", "log").gauge().value()).isZero();
		assertThat(this.registry.get("kv.compaction.reclaimed").tag("engine", "log").counter().count()).isPositive();
		assertThat(this.registry.get("kv.segments").tag("engine", "log").gauge().value()).isPositive();
		assertThat(this.registry.get("kv.disk.bytes").tag("engine", "log").gauge().value()).isPositive();
		// sync=always: every acknowledged write went through an fsync counted here.
		assertThat(this.registry.get("kv.sync.batch").tag("engine", "log").summary().totalAmount())
			.isGreaterThanOrEqualTo(21);
	}

}
