package dev.kvstore.engine.log;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs thousands of rotations and several compactions with the smallest segment size, and
 * proves that the open file handles stay bounded by the live segments plus a few (a hint
 * or compaction output being written), and that none is left after close or after a
 * reopen and close.
 */
class LogHandleBoundTest {

	/**
	 * Handles beyond one per live segment: a hint, a compaction output, a commit file.
	 */
	private static final int SLACK = 4;

	@TempDir
	Path dir;

	@Test
	void openHandlesStayBoundedOverThousandsOfRotationsAndCompactions() {
		FaultyIo io = new FaultyIo();
		LogOptions options = options(this.dir, io, 1024, SyncMode.NEVER);
		Ledger ledger = new Ledger();
		long rotations;
		int compactions = 0;
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			long segmentsCreated = 0;
			long before = engine.stats().segments();
			for (int i = 0; i < 24_000; i++) {
				ledger.put(engine, "key-" + (i % 50), "value-" + i + "-" + "h".repeat(40));
				if (i % 1000 == 999) {
					checkBound(engine, io, i);
				}
				if (i % 6000 == 5999) {
					assertThat(ledger.compact(engine)).isTrue();
					compactions++;
					checkBound(engine, io, i);
				}
				long now = engine.stats().segments();
				if (now > before) {
					segmentsCreated += now - before;
				}
				before = now;
			}
			rotations = segmentsCreated;
			assertThat(ledger.failures()).isZero();
			ledger.verify(engine);
		}
		assertThat(rotations).as("rotations").isGreaterThan(1000);
		assertThat(compactions).isEqualTo(4);
		assertThat(io.openHandles()).as("handles after close: %s", io.openFiles()).isZero();
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			ledger.verify(engine);
			checkBound(engine, io, -1);
		}
		assertThat(io.openHandles()).as("handles after reopen and close: %s", io.openFiles()).isZero();
	}

	private static void checkBound(LogStructuredKV engine, FaultyIo io, int write) {
		long segments = engine.stats().segments();
		assertThat(io.openHandles())
			.as("open handles after write %d with %d live segments: %s", write, segments, io.openFiles())
			.isLessThanOrEqualTo((int) segments + SLACK);
	}

}
