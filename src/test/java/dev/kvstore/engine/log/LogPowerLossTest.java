package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.crashClose;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cuts the power (or kills the process) while a store is being written and proves the
 * promises of each sync mode: with {@code always} every acknowledged put and delete of
 * eight concurrent writers survives; with {@code never} and {@code interval} what
 * survives a power loss is a prefix of the acknowledged writes, also when the unforced
 * tail of a file is torn anywhere; a killed process loses nothing acknowledged in any
 * mode.
 */
class LogPowerLossTest {

	private static final long SEGMENT_SIZE = 4096;

	@TempDir
	Path dir;

	private int run;

	@Test
	void acknowledgedWritesSurvivePowerLossWithSyncAlways() throws Exception {
		for (int round = 0; round < 3; round++) {
			concurrentWritersThenPowerLoss(round, false);
		}
	}

	@Test
	void acknowledgedWritesSurvivePowerLossWithTornTailsWithSyncAlways() throws Exception {
		for (int round = 0; round < 3; round++) {
			concurrentWritersThenPowerLoss(round, true);
		}
	}

	@Test
	void writesAcknowledgedWithoutWaitingSurvivePowerLossWithSyncAlways() throws Exception {
		for (int round = 0; round < 3; round++) {
			concurrentWritersThenPowerLoss(round, round == 2, true);
		}
	}

	@Test
	void powerLossKeepsAPrefixOfTheWritesWithSyncNever() throws IOException {
		for (int seed = 0; seed < 8; seed++) {
			prefixSurvives(SyncMode.NEVER, seed, false);
		}
	}

	@Test
	void powerLossWithTornTailsKeepsAPrefixOfTheWritesWithSyncNever() throws IOException {
		for (int seed = 0; seed < 8; seed++) {
			prefixSurvives(SyncMode.NEVER, seed, true);
		}
	}

	@Test
	void powerLossWithTornTailsKeepsAPrefixOfTheWritesWithSyncInterval() throws IOException {
		for (int seed = 0; seed < 8; seed++) {
			prefixSurvives(SyncMode.INTERVAL, seed, true);
		}
	}

	@Test
	void acknowledgedWritesSurviveProcessKillWithSyncNever() throws IOException {
		for (int seed = 0; seed < 4; seed++) {
			FaultyIo io = new FaultyIo();
			LogOptions options = options(nextDir(), io, SEGMENT_SIZE, SyncMode.NEVER);
			LogStructuredKV engine = LogStructuredKV.open(options);
			Ledger ledger = new Ledger();
			Random random = new Random(seed);
			int operations = 100 + random.nextInt(400);
			for (int i = 0; i < operations; i++) {
				String key = "key-" + random.nextInt(40);
				if (random.nextInt(4) == 0) {
					ledger.delete(engine, key);
				}
				else {
					ledger.put(engine, key, "value-" + i);
				}
			}
			assertThat(ledger.failures()).isZero();
			freeze(io);
			io.simulateProcessKill();
			crashClose(engine, io);
			try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
				ledger.verify(reopened, "kill after " + operations + " writes");
			}
		}
	}

	/**
	 * Eight threads put and delete their own keys; the power goes while they write. Every
	 * acknowledged change must be there after reopening.
	 */
	private void concurrentWritersThenPowerLoss(int round, boolean tornTails) throws Exception {
		concurrentWritersThenPowerLoss(round, tornTails, false);
	}

	/**
	 * As {@link #concurrentWritersThenPowerLoss(int, boolean)}; with
	 * {@code acknowledgedHalf}, half of the writers use {@code putAcknowledged} and
	 * {@code deleteAcknowledged}, whose thread does not wait in the engine for its fsync.
	 */
	private void concurrentWritersThenPowerLoss(int round, boolean tornTails, boolean acknowledgedHalf)
			throws Exception {
		FaultyIo io = new FaultyIo();
		LogOptions options = options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS);
		LogStructuredKV engine = LogStructuredKV.open(options);
		int threads = 8;
		List<Ledger> ledgers = new ArrayList<>();
		List<Thread> writers = new ArrayList<>();
		AtomicBoolean crashed = new AtomicBoolean();
		AtomicInteger acknowledged = new AtomicInteger();
		for (int t = 0; t < threads; t++) {
			Ledger ledger = new Ledger();
			ledgers.add(ledger);
			int id = t;
			writers.add(new Thread(() -> {
				Random random = new Random(round * 100 + id);
				for (int i = 0; !crashed.get() && i < 2000; i++) {
					String key = "t" + id + "-" + random.nextInt(12);
					boolean acknowledgedLater = acknowledgedHalf && id % 2 == 1;
					String value = "value-" + id + "-" + i;
					boolean ok;
					if (random.nextInt(5) == 0) {
						ok = acknowledgedLater ? ledger.deleteAcknowledged(engine, key) : ledger.delete(engine, key);
					}
					else {
						ok = acknowledgedLater ? ledger.putAcknowledged(engine, key, value)
								: ledger.put(engine, key, value);
					}
					if (ok) {
						acknowledged.incrementAndGet();
					}
				}
			}));
		}
		writers.forEach(Thread::start);
		int crashAfter = 150 + new Random(round).nextInt(250);
		while (acknowledged.get() < crashAfter && writers.stream().anyMatch(Thread::isAlive)) {
			Thread.onSpinWait();
		}
		freeze(io);
		if (tornTails) {
			io.simulatePowerLossWithTornTails(new Random(round));
		}
		else {
			io.simulatePowerLoss();
		}
		crashed.set(true);
		for (Thread writer : writers) {
			writer.join();
		}
		crashClose(engine, io);
		assertThat(acknowledged.get()).isGreaterThanOrEqualTo(crashAfter);
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			for (Ledger ledger : ledgers) {
				ledger.verify(reopened, "power loss in round " + round);
			}
		}
	}

	/**
	 * One writer puts key i with value i in order; the power goes at a random moment.
	 * After reopening, keys 0 to n-1 are there with their values and none after.
	 */
	private void prefixSurvives(SyncMode sync, int seed, boolean tornTails) throws IOException {
		FaultyIo io = new FaultyIo();
		LogOptions options = options(nextDir(), io, SEGMENT_SIZE, sync);
		LogStructuredKV engine = LogStructuredKV.open(options);
		Random random = new Random(seed);
		int writes = 50 + random.nextInt(500);
		for (int i = 0; i < writes; i++) {
			engine.put(bytes(key(i)), bytes("value-" + i));
		}
		freeze(io);
		if (tornTails) {
			io.simulatePowerLossWithTornTails(random);
		}
		else {
			io.simulatePowerLoss();
		}
		crashClose(engine, io);
		String scenario = sync + " power loss after " + writes + " writes, seed " + seed;
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			int present = 0;
			while (present < writes && reopened.get(bytes(key(present))).isPresent()) {
				present++;
			}
			for (int i = 0; i < writes; i++) {
				Optional<VersionedValue> value = reopened.get(bytes(key(i)));
				if (i < present) {
					assertThat(text(value.orElseThrow().value())).as(scenario).isEqualTo("value-" + i);
				}
				else {
					assertThat(value).as("%s: key %d after the first missing one, %d", scenario, i, present).isEmpty();
				}
			}
			assertThat(reopened.stats().keys()).as(scenario).isEqualTo(present);
			// the store takes writes again, after the prefix
			reopened.put(bytes(key(present)), bytes("again"));
		}
	}

	private static String key(int i) {
		return String.format("key-%05d", i);
	}

	/**
	 * Makes every further change to the files fail, as if the process had died: nothing
	 * the engine does after this moment reaches the disk.
	 */
	private static void freeze(FaultyIo io) {
		for (FaultKind kind : List.of(FaultKind.WRITE, FaultKind.FORCE, FaultKind.FORCE_DIRECTORY, FaultKind.MOVE,
				FaultKind.CREATE, FaultKind.OPEN, FaultKind.DELETE, FaultKind.TRUNCATE)) {
			io.failFrom(kind, 1);
		}
	}

	private Path nextDir() {
		return this.dir.resolve("run-" + (this.run++));
	}

}
