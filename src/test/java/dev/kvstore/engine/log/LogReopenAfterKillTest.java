package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.crashClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A killed process leaves the newest segment's last appends in the page cache only, and
 * the store reopened after it goes on from there. Those appends must be forced before
 * anything is written after them: otherwise a later power loss could keep a later write
 * and lose an earlier one (a hole, or a deleted key come back), and a clean close would
 * not force them at all.
 */
class LogReopenAfterKillTest {

	private static final long SEGMENT_SIZE = 4096;

	@TempDir
	Path dir;

	@Test
	void aWriteAfterTheReopenNeverSurvivesAnEarlierOne() throws IOException {
		try (LogStructuredKV afterPowerLoss = powerLossAfterKillAndReopen(
				(engine) -> engine.put(bytes("early"), bytes("1")), (reopened) -> {
					assertThat(reopened.get(bytes("early"))).isPresent();
					// Too big for what is left of the segment: the store rotates.
					reopened.put(bytes("late"), new byte[4060]);
				})) {
			assertThat(afterPowerLoss.get(bytes("late"))).isPresent();
			assertThat(afterPowerLoss.get(bytes("early"))).as("written before 'late'").isPresent();
		}
	}

	@Test
	void aKeyDeletedBeforeTheKillStaysDeleted() throws IOException {
		try (LogStructuredKV afterPowerLoss = powerLossAfterKillAndReopen((engine) -> {
			engine.put(bytes("k"), bytes("old"));
			engine.put(bytes("filler"), new byte[3000]);
			// Rotates: the segment with k's value is forced.
			engine.put(bytes("filler2"), new byte[3000]);
			engine.delete(bytes("k"));
		}, (reopened) -> {
			assertThat(reopened.get(bytes("k"))).isEmpty();
			reopened.put(bytes("late"), new byte[3000]);
		})) {
			assertThat(afterPowerLoss.get(bytes("late"))).isPresent();
			assertThat(afterPowerLoss.get(bytes("k"))).as("deleted before 'late' was written").isEmpty();
		}
	}

	@Test
	void aCleanCloseAfterTheReopenLeavesEveryWriteOnDisk() throws IOException {
		try (LogStructuredKV afterPowerLoss = powerLossAfterKillAndReopen(
				(engine) -> engine.put(bytes("early"), bytes("1")),
				(reopened) -> assertThat(reopened.get(bytes("early"))).isPresent())) {
			assertThat(afterPowerLoss.get(bytes("early"))).isPresent();
		}
	}

	/**
	 * Writes with {@code beforeKill}, kills the process (the page cache keeps what was
	 * written), reopens, writes with {@code afterReopen}, closes cleanly, cuts the power
	 * and opens the store once more.
	 */
	private LogStructuredKV powerLossAfterKillAndReopen(Consumer<LogStructuredKV> beforeKill,
			Consumer<LogStructuredKV> afterReopen) throws IOException {
		FaultyIo io = new FaultyIo();
		LogOptions options = options(io);
		LogStructuredKV engine = LogStructuredKV.open(options);
		beforeKill.accept(engine);
		io.simulateProcessKill();
		crashClose(engine, io);
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			afterReopen.accept(reopened);
		}
		io.simulatePowerLoss();
		return LogStructuredKV.open(options);
	}

	private LogOptions options(FaultyIo io) {
		// sync=never, and no periodic force during the test
		return LogTestSupport.options(this.dir, io, SEGMENT_SIZE, SyncMode.NEVER)
			.withSync(SyncMode.NEVER, Duration.ofHours(1));
	}

}
