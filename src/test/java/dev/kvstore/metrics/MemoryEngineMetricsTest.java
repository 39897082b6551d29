package dev.kvstore.metrics;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryEngineMetricsTest extends MetricsContract {

	@DynamicPropertySource
	static void engine(DynamicPropertyRegistry registry) {
		properties(registry, "memory");
	}

	@Override
	String engine() {
		return "memory";
	}

	@Override
	void checkEngineSpecifics(double reclaimableBeforeCompaction) {
		// Nothing on disk.
		assertThat(reclaimableBeforeCompaction).isZero();
		assertThat(this.registry.get("kv.segments").tag("engine", "memory").gauge().value()).isZero();
		assertThat(this.registry.get("kv.disk.bytes").tag("engine", "memory").gauge().value()).isZero();
	}

}
