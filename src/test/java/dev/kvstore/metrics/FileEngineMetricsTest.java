package dev.kvstore.metrics;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FileEngineMetricsTest extends MetricsContract {

	@DynamicPropertySource
	static void engine(DynamicPropertyRegistry registry) {
		properties(registry, "file");
	}

	@Override
	String engine() {
		return "file";
	}

	@Override
	void checkEngineSpecifics(double reclaimableBeforeCompaction) {
		// One file per present key, and nothing to reclaim: the file system frees
		// space itself.
		assertThat(reclaimableBeforeCompaction).isZero();
		double keys = this.registry.get("kv.keys").tag("engine", "file").gauge().value();
		assertThat(this.registry.get("kv.segments").tag("engine", "file").gauge().value()).isEqualTo(keys);
		assertThat(this.registry.get("kv.disk.bytes").tag("engine", "file").gauge().value()).isPositive();
	}

}
