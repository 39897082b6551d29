package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.ArmedFault;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.crashClose;
import static dev.kvstore.engine.log.LogTestSupport.notHint;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fails the Nth call of each kind (write, force, rename, create, directory force), once
 * and from then on, during a workload of puts, deletes, rotations and a compaction, and
 * proves: the operation that met the fault throws, no acknowledged write or delete is
 * lost (not even to a power loss that follows, since the store syncs every write), a
 * single fault does not poison later writes (except a failed fsync of the active segment,
 * which stops writes until the store is reopened), and reopening brings writes back.
 */
class LogFaultInjectionTest {

	private static final long SEGMENT_SIZE = 2048;

	private static final int OPERATIONS = 160;

	private static final String STOPPED = "writes are stopped because an fsync failed";

	@TempDir
	Path dir;

	private int run;

	@Test
	void failedWriteLosesNothingAndLaterWritesWork() throws IOException {
		replayOnce(FaultKind.WRITE, 30);
	}

	@Test
	void failedForceLosesNothingAndOnlyAFailedSegmentFsyncStopsWrites() throws IOException {
		replayOnce(FaultKind.FORCE, 30);
	}

	@Test
	void failedRenameLosesNothingAndLaterWritesWork() throws IOException {
		replayOnce(FaultKind.MOVE, 30);
	}

	@Test
	void failedFileCreationLosesNothingAndLaterWritesWork() throws IOException {
		replayOnce(FaultKind.CREATE, 30);
	}

	@Test
	void failedDirectoryForceLosesNothingAndLaterWritesWork() throws IOException {
		replayOnce(FaultKind.FORCE_DIRECTORY, 30);
	}

	@Test
	void failedDeleteLosesNothingAndLaterWritesWork() throws IOException {
		replayOnce(FaultKind.DELETE, 30);
	}

	@Test
	void writesFailingForeverLoseNothingAndWorkAgainWhenTheDeviceHeals() throws IOException {
		replayForever(FaultKind.WRITE, 5);
	}

	@Test
	void forcesFailingForeverLoseNothingAndReopenBringsWritesBack() throws IOException {
		replayForever(FaultKind.FORCE, 5);
	}

	@Test
	void renamesFailingForeverLoseNothing() throws IOException {
		replayForever(FaultKind.MOVE, 4);
	}

	@Test
	void creationsFailingForeverLoseNothingAndWorkAgainWhenTheDeviceHeals() throws IOException {
		replayForever(FaultKind.CREATE, 5);
	}

	@Test
	void directoryForcesFailingForeverLoseNothing() throws IOException {
		replayForever(FaultKind.FORCE_DIRECTORY, 5);
	}

	@Test
	void failedFsyncOfTheActiveSegmentStopsWritesUntilReopen() throws IOException {
		FaultyIo io = new FaultyIo();
		LogOptions options = options(this.dir, io, SEGMENT_SIZE, SyncMode.ALWAYS);
		Ledger ledger = new Ledger();
		LogStructuredKV engine = LogStructuredKV.open(options);
		assertThat(ledger.put(engine, "before", "value")).isTrue();
		ArmedFault fault = io.failOnce(FaultKind.FORCE, 1, LogFaultInjectionTest::isSegment);
		assertThatThrownBy(() -> engine.put(bytes("during"), bytes("value"))).isInstanceOf(StorageException.class);
		assertThat(fault.hasFired()).isTrue();
		assertThatThrownBy(() -> engine.put(bytes("after"), bytes("value"))).isInstanceOf(StorageException.class)
			.hasMessageContaining(STOPPED);
		assertThatThrownBy(() -> engine.delete(bytes("before"))).isInstanceOf(StorageException.class)
			.hasMessageContaining(STOPPED);
		assertThat(engine.get(bytes("before")).orElseThrow().value()).isEqualTo(bytes("value"));
		engine.close();
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			ledger.verify(reopened);
			assertThat(reopened.get(bytes("after"))).isEmpty();
			assertThat(ledger.put(reopened, "after", "value")).isTrue();
			ledger.verify(reopened);
		}
		try (LogStructuredKV reopened = LogStructuredKV.open(options.withIo(DiskIo.INSTANCE))) {
			ledger.verify(reopened);
		}
	}

	private static boolean isSegment(Path path) {
		return path.getFileName() != null && path.getFileName().toString().endsWith(SegmentFiles.SEGMENT_SUFFIX);
	}

	/**
	 * Runs the workload once to count the calls of {@code kind}, then fails each once.
	 */
	private void replayOnce(FaultKind kind, int most) throws IOException {
		long count = count(kind);
		assertThat(count).as("calls of %s in the workload", kind).isPositive();
		for (long n : sample(count, most)) {
			replay(kind, n, false);
		}
	}

	/** As {@link #replayOnce}, but every call from the Nth on fails. */
	private void replayForever(FaultKind kind, int most) throws IOException {
		long count = count(kind);
		assertThat(count).as("calls of %s in the workload", kind).isPositive();
		for (long n : sample(count, most)) {
			replay(kind, n, true);
		}
	}

	private long count(FaultKind kind) {
		FaultyIo io = new FaultyIo();
		try (LogStructuredKV engine = LogStructuredKV.open(options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			ArmedFault counter = io.failOnce(kind, Long.MAX_VALUE, notHint());
			Ledger ledger = new Ledger();
			workload(engine, ledger);
			assertThat(ledger.failures()).isZero();
			return counter.matchingCalls();
		}
	}

	private void replay(FaultKind kind, long n, boolean forever) throws IOException {
		String scenario = kind + (forever ? " from call " : " at call ") + n;
		FaultyIo io = new FaultyIo();
		LogOptions options = options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS);
		Ledger ledger = new Ledger();
		LogStructuredKV engine = LogStructuredKV.open(options);
		ArmedFault fault = forever ? io.failFrom(kind, n, notHint()) : io.failOnce(kind, n, notHint());
		workload(engine, ledger);
		assertThat(fault.hasFired()).as(scenario).isTrue();
		assertThat(ledger.failures()).as("operations that failed with %s", scenario).isPositive();
		if (!forever && ledger.failures() > 1) {
			// only a failed fsync may fail the operations after it, by stopping writes
			assertThat(kind).as("one fault fails one operation: %s", scenario).isEqualTo(FaultKind.FORCE);
			assertThat(ledger.lastFailure()).as(scenario).hasMessageContaining(STOPPED);
		}
		io.clearFaults();
		ledger.verify(engine);
		boolean stopped = !ledger.put(engine, "probe", "after " + scenario);
		if (stopped) {
			assertThat(kind).as("only a failed fsync stops writes: %s", scenario).isEqualTo(FaultKind.FORCE);
			assertThat(ledger.lastFailure()).as(scenario).hasMessageContaining(STOPPED);
		}
		// A power loss now keeps every acknowledged write: the store syncs each one.
		io.simulatePowerLoss();
		crashClose(engine, io);
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			ledger.verify(reopened);
			assertThat(ledger.put(reopened, "probe", "after reopen")).as(scenario).isTrue();
			assertThat(ledger.delete(reopened, "key-3")).as(scenario).isTrue();
			ledger.verify(reopened);
		}
		try (LogStructuredKV reopened = LogStructuredKV.open(options.withIo(DiskIo.INSTANCE))) {
			ledger.verify(reopened);
		}
	}

	/** Puts and deletes over 37 keys with several rotations and one compaction. */
	private static void workload(LogStructuredKV engine, Ledger ledger) {
		for (int i = 0; i < OPERATIONS; i++) {
			if (i == OPERATIONS / 2) {
				ledger.compact(engine);
			}
			String key = "key-" + (i % 37);
			if (i % 5 == 4) {
				ledger.delete(engine, key);
			}
			else {
				ledger.put(engine, key, "value-" + i + "-" + "x".repeat(i % 23));
			}
		}
	}

	private Path nextDir() {
		return this.dir.resolve("run-" + (this.run++));
	}

}
