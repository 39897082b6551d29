package dev.kvstore.engine.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.VersionedValue;

import static org.assertj.core.api.Assertions.assertThat;

class LogStructuredKVBasicsTest {

	@TempDir
	Path dir;

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void valuesSurviveReopenAndCompaction() {
		LogOptions options = LogOptions.defaults(this.dir).withSegmentSize(4096);
		long version;
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			for (int i = 0; i < 500; i++) {
				engine.put(bytes("key-" + (i % 50)), bytes("value-" + i));
			}
			engine.delete(bytes("key-7"));
			version = engine.get(bytes("key-8")).orElseThrow().version();
			CompactionReport report = engine.compact();
			assertThat(report.reclaimedBytes()).isPositive();
			assertThat(report.liveKeys()).isEqualTo(49);
		}
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			assertThat(engine.get(bytes("key-7"))).isEmpty();
			VersionedValue value = engine.get(bytes("key-8")).orElseThrow();
			assertThat(value.value()).isEqualTo(bytes("value-458"));
			assertThat(value.version()).isEqualTo(version);
			assertThat(engine.stats().keys()).isEqualTo(49);
		}
	}

}
