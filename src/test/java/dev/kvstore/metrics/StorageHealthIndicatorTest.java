package dev.kvstore.metrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code storage} health component: UP while the engine writes and space is left. */
class StorageHealthIndicatorTest {

	@TempDir
	Path dir;

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void upWhileTheEngineWritesAndSpaceIsLeft() {
		try (LogStructuredKV engine = LogStructuredKV.open(LogOptions.defaults(this.dir))) {
			Health health = new StorageHealthIndicator(engine, this.dir, DataSize.ofBytes(1)).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("engine", "log")
				.containsEntry("dataDirectory", this.dir.toString())
				.containsKey("freeBytes");
		}
	}

	@Test
	void downWhenTheEngineCannotWrite() {
		FaultyIo io = new FaultyIo();
		try (LogStructuredKV engine = LogStructuredKV.open(LogOptions.defaults(this.dir).withIo(io))) {
			engine.put(bytes("k"), bytes("v"));
			io.failFrom(FaultKind.FORCE, 1);
			assertThatExceptionOfType(StorageException.class).isThrownBy(() -> engine.put(bytes("k"), bytes("w")));
			io.clearFaults();
			Health health = new StorageHealthIndicator(engine, this.dir, DataSize.ofBytes(1)).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason")).contains("fsync failed");
		}
	}

	@Test
	void downWhenFreeSpaceIsUnderTheThreshold() {
		try (LogStructuredKV engine = LogStructuredKV.open(LogOptions.defaults(this.dir))) {
			Health health = new StorageHealthIndicator(engine, this.dir, DataSize.ofTerabytes(1_000_000)).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason")).contains("kv.health.min-free-space");
		}
	}

}
