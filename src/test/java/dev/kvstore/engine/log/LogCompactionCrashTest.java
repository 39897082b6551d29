package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.ArmedFault;
import dev.kvstore.engine.testing.Corruptor;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.crashClose;
import static dev.kvstore.engine.log.LogTestSupport.notHint;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.records;
import static dev.kvstore.engine.log.LogTestSupport.sample;
import static dev.kvstore.engine.log.LogTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interrupts a compaction at each of its steps (copy, output force, rename, hint,
 * directory force, commit record, each delete) by failing that call, then goes on, or
 * loses power, or is killed right there, and proves that after reopening no live value is
 * lost, no deleted key is back and no version has changed, also when the store goes on
 * and compacts again before it is reopened. A tombstone whose value sits in an older
 * segment keeps its key deleted however many inputs were deleted, and a torn commit file
 * is ignored safely.
 */
class LogCompactionCrashTest {

	private static final long SEGMENT_SIZE = 2048;

	private static final int SAMPLES = 16;

	@TempDir
	Path dir;

	private int run;

	private enum Then {

		/** The store goes on: writes, deletes and another compaction, then reopens. */
		GO_ON,
		/** The power goes right after the failed call. */
		POWER_LOSS,
		/** The process is killed right after the failed call. */
		KILL

	}

	@Test
	void compactionFailingAtAnyCallLosesNothingAndTheStoreGoesOn() throws IOException {
		everyStep(Then.GO_ON);
	}

	@Test
	void powerLossAtAnyStepOfACompactionLosesNothing() throws IOException {
		everyStep(Then.POWER_LOSS);
	}

	@Test
	void processKillAtAnyStepOfACompactionLosesNothing() throws IOException {
		everyStep(Then.KILL);
	}

	@Test
	void keyStaysDeletedWhenACompactionDeletedOnlySomeInputs() throws IOException {
		long deletes;
		{
			FaultyIo io = new FaultyIo();
			Path path = nextDir();
			LogStructuredKV engine = LogStructuredKV.open(options(path, io, SEGMENT_SIZE, SyncMode.ALWAYS));
			Ledger ledger = tombstoneLayout(engine, path);
			ArmedFault counter = io.failOnce(FaultKind.DELETE, Long.MAX_VALUE, isSegment());
			assertThat(ledger.compact(engine)).isTrue();
			deletes = counter.matchingCalls();
			engine.close();
		}
		assertThat(deletes).as("inputs deleted by the compaction").isGreaterThan(2);
		for (long n = 1; n <= deletes; n++) {
			for (boolean powerLoss : new boolean[] { false, true }) {
				Path path = nextDir();
				FaultyIo io = new FaultyIo();
				LogOptions options = options(path, io, SEGMENT_SIZE, SyncMode.ALWAYS);
				LogStructuredKV engine = LogStructuredKV.open(options);
				Ledger ledger = tombstoneLayout(engine, path);
				ArmedFault fault = io.failOnce(FaultKind.DELETE, n, isSegment());
				assertThat(ledger.compact(engine)).isFalse();
				assertThat(fault.hasFired()).isTrue();
				if (powerLoss) {
					io.simulatePowerLoss();
				}
				else {
					io.simulateProcessKill();
				}
				crashClose(engine, io);
				try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
					assertThat(reopened.get(bytes("doomed"))).as("deleted key after delete %d failed", n).isEmpty();
					ledger.verify(reopened);
				}
			}
		}
	}

	@Test
	void tornCommitFileIsIgnoredSafely() throws IOException {
		Path path = nextDir();
		FaultyIo io = new FaultyIo();
		LogStructuredKV engine = LogStructuredKV.open(options(path, io, SEGMENT_SIZE, SyncMode.ALWAYS));
		Ledger ledger = tombstoneLayout(engine, path);
		io.failOnce(FaultKind.DELETE, 1, isSegment());
		assertThat(ledger.compact(engine)).isFalse();
		io.simulateProcessKill();
		crashClose(engine, io);
		Path commit = path.resolve(SegmentFiles.COMPACTION_COMMIT);
		assertThat(commit).exists();
		long size = Files.size(commit);
		for (long length = 0; length < size; length++) {
			Path copy = LogTestSupport.copy(path, this.dir.resolve("torn-" + length));
			Corruptor.truncate(copy.resolve(SegmentFiles.COMPACTION_COMMIT), length);
			LogOptions options = options(copy, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.ALWAYS);
			try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
				assertThat(reopened.get(bytes("doomed"))).isEmpty();
				ledger.verify(reopened);
				assertThat(ledger.compact(reopened)).isTrue();
			}
			assertThat(copy.resolve(SegmentFiles.COMPACTION_COMMIT)).doesNotExist();
			try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
				ledger.verify(reopened);
			}
		}
	}

	private void everyStep(Then then) throws IOException {
		for (FaultKind kind : List.of(FaultKind.CREATE, FaultKind.WRITE, FaultKind.FORCE, FaultKind.MOVE,
				FaultKind.FORCE_DIRECTORY, FaultKind.DELETE)) {
			long count = countDuringCompaction(kind);
			assertThat(count).as("calls of %s in a compaction", kind).isPositive();
			for (long n : sample(count, SAMPLES)) {
				crashAt(kind, n, then);
			}
		}
	}

	private long countDuringCompaction(FaultKind kind) {
		FaultyIo io = new FaultyIo();
		try (LogStructuredKV engine = LogStructuredKV.open(options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			Ledger ledger = new Ledger();
			workload(engine, ledger);
			ArmedFault counter = io.failOnce(kind, Long.MAX_VALUE, notHint());
			assertThat(ledger.compact(engine)).isTrue();
			return counter.matchingCalls();
		}
	}

	private void crashAt(FaultKind kind, long n, Then then) throws IOException {
		String scenario = kind + " at call " + n + " of a compaction, then " + then;
		FaultyIo io = new FaultyIo();
		LogOptions options = options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS);
		LogStructuredKV engine = LogStructuredKV.open(options);
		Ledger ledger = new Ledger();
		workload(engine, ledger);
		ArmedFault fault = io.failOnce(kind, n, notHint());
		assertThat(ledger.compact(engine)).as(scenario).isFalse();
		assertThat(fault.hasFired()).as(scenario).isTrue();
		io.clearFaults();
		switch (then) {
			case GO_ON -> {
				ledger.verify(engine, scenario);
				goOn(engine, ledger);
				assertThat(ledger.failures()).as(scenario).isEqualTo(1);
				ledger.verify(engine, scenario);
				engine.close();
			}
			case POWER_LOSS -> {
				io.simulatePowerLoss();
				crashClose(engine, io);
			}
			case KILL -> {
				io.simulateProcessKill();
				crashClose(engine, io);
			}
		}
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			ledger.verify(reopened, scenario);
			goOn(reopened, ledger);
			ledger.verify(reopened, scenario);
		}
		try (LogStructuredKV reopened = LogStructuredKV.open(options.withIo(DiskIo.INSTANCE))) {
			ledger.verify(reopened, scenario);
		}
	}

	/** Overwrites and deletes over 30 keys, so segments hold garbage and tombstones. */
	private static void workload(LogStructuredKV engine, Ledger ledger) {
		for (int i = 0; i < 180; i++) {
			String key = "key-" + (i % 30);
			if (i % 7 == 6) {
				ledger.delete(engine, key);
			}
			else {
				ledger.put(engine, key, "value-" + i + "-" + "y".repeat(i % 17));
			}
		}
	}

	/** Deletes what the interrupted compaction copied, writes more, compacts again. */
	private static void goOn(LogStructuredKV engine, Ledger ledger) {
		for (int i = 0; i < 30; i += 2) {
			ledger.delete(engine, "key-" + i);
		}
		for (int i = 1; i < 30; i += 4) {
			ledger.put(engine, "key-" + i, "later-" + i);
		}
		ledger.compact(engine);
		ledger.put(engine, "key-0", "back again");
	}

	/**
	 * Key {@code doomed} has its value in the first segment and its tombstone in a later
	 * one, with live keys in several segments around them.
	 */
	private static Ledger tombstoneLayout(LogStructuredKV engine, Path dir) {
		Ledger ledger = new Ledger();
		ledger.put(engine, "doomed", "old value");
		for (int i = 0; i < 60; i++) {
			ledger.put(engine, "live-" + i, "value-" + i + "-" + "z".repeat(20));
		}
		ledger.delete(engine, "doomed");
		for (int i = 60; i < 120; i++) {
			ledger.put(engine, "live-" + i, "value-" + i + "-" + "z".repeat(20));
		}
		List<Path> segments = segments(dir);
		assertThat(segments).hasSizeGreaterThan(3);
		assertThat(records(segments.get(0))).anyMatch((r) -> r.key().equals("doomed") && !r.tombstone());
		assertThat(records(segments.get(0))).noneMatch((r) -> r.key().equals("doomed") && r.tombstone());
		assertThat(segments.subList(1, segments.size())).anyMatch(
				(segment) -> records(segment).stream().anyMatch((r) -> r.key().equals("doomed") && r.tombstone()));
		return ledger;
	}

	private static Predicate<Path> isSegment() {
		return FaultyIo.nameEndsWith(SegmentFiles.SEGMENT_SUFFIX);
	}

	private Path nextDir() {
		return this.dir.resolve("run-" + (this.run++));
	}

}
