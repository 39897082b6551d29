package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.DataDirectoryLockedException;
import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.StorageFullException;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.ArmedFault;
import dev.kvstore.engine.testing.Corruptor;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;
import dev.kvstore.engine.testing.PartialWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The file engine keeps its durability promises (CONTRACT.md §6) when the disk
 * misbehaves, driven through the shared fault-injecting io:
 * <ul>
 * <li>with sync always, every acknowledged put and delete survives a power loss, also
 * under concurrent writers, and the file is forced before the rename publishes it;</li>
 * <li>with sync off, a process kill loses nothing acknowledged, close makes everything
 * durable, and after a power loss no torn or corrupt value is ever served: a key holds a
 * value really written to it, or reports the damage;</li>
 * <li>a put that fails at any of its steps, or on a full disk, is refused with a
 * {@link StorageException}, leaves the old value readable and no temp file behind, and
 * the next write works;</li>
 * <li>no file handle outlives a call, and one data directory is held by one engine at a
 * time, while a stale lock file does not stop a start.</li>
 * </ul>
 */
class FilePerKeyKVFaultTest {

	private static final EngineLimits LIMITS = new EngineLimits(128, 64 * 1024);

	/** The io calls a put is made of, each of which a replay makes fail in turn. */
	private static final List<FaultKind> PUT_STEPS = List.of(FaultKind.OPEN, FaultKind.READ, FaultKind.CREATE,
			FaultKind.WRITE, FaultKind.FORCE, FaultKind.MOVE, FaultKind.FORCE_DIRECTORY);

	/** The steps of a put that fail it whether or not the key exists yet. */
	private static final List<FaultKind> WRITE_STEPS = List.of(FaultKind.CREATE, FaultKind.WRITE, FaultKind.FORCE,
			FaultKind.MOVE);

	@TempDir
	Path dir;

	private final FaultyIo io = new FaultyIo();

	private FilePerKeyKV engine;

	@AfterEach
	void closeEngine() {
		if (this.engine != null) {
			this.engine.close();
		}
	}

	// ---- Power loss and process kill

	@Test
	void syncedPutAndDeleteSurvivePowerLossWhole() throws IOException {
		open(true);
		this.engine.put(bytes("kept"), bytes("old"));
		this.engine.put(bytes("kept"), bytes("new"));
		this.engine.put(bytes("gone"), bytes("doomed"));
		this.engine.delete(bytes("gone"));
		powerLoss();
		open(true);
		assertThat(value("kept")).isEqualTo("new");
		assertThat(this.engine.get(bytes("gone"))).isEmpty();
		assertThat(this.engine.stats().keys()).isEqualTo(1);
	}

	@Test
	void syncedFileIsForcedBeforeItsRenameIsPublished() throws IOException {
		// Were the file forced only after the rename, a failed force would leave the key
		// naming an unforced file, which the next put's directory force makes durable.
		open(true);
		long version = this.engine.put(bytes("key"), bytes("old")).version();
		this.io.failOnce(FaultKind.FORCE, 1);
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> this.engine.put(bytes("key"), bytes("new")));
		this.engine.put(bytes("other"), bytes("forces the directory"));
		powerLoss();
		open(true);
		assertThat(stored("key").version()).isEqualTo(version);
		assertThat(value("key")).isEqualTo("old");
		assertThat(value("other")).isEqualTo("forces the directory");
	}

	@Test
	void syncedConcurrentWritesAllSurvivePowerLoss() throws Exception {
		open(true);
		Workload workload = new Workload(4, 150, 11);
		workload.runUntilCut(this.io::simulatePowerLoss);
		abandon();
		open(true);
		workload.checkAcknowledgedSurvived(this.engine);
		checkNoTempFileIsAKey();
	}

	@Test
	void unsyncedConcurrentWritesAllSurviveProcessKill() throws Exception {
		open(false);
		Workload workload = new Workload(4, 150, 12);
		workload.runUntilCut(this.io::simulateProcessKill);
		abandon();
		open(false);
		workload.checkAcknowledgedSurvived(this.engine);
		checkNoTempFileIsAKey();
	}

	@ParameterizedTest(name = "torn tails: {0}")
	@ValueSource(booleans = { false, true })
	void unsyncedPowerLossServesOnlyValuesReallyWritten(boolean tornTails) throws Exception {
		open(false);
		Workload workload = new Workload(4, 150, tornTails ? 14 : 13);
		workload.writeInitialValues(this.engine);
		this.engine.close();
		open(false);
		workload.runUntilCut(() -> {
			if (tornTails) {
				this.io.simulatePowerLossWithTornTails(new Random(15));
			}
			else {
				this.io.simulatePowerLoss();
			}
		});
		abandon();
		open(false);
		workload.checkOnlyWrittenValues(this.engine);
		checkNoTempFileIsAKey();
	}

	@Test
	void unsyncedPowerLossAfterAnEarlyDirectoryWritebackReportsDamageNeverAWrongValue() throws Exception {
		// Without fsync nothing orders a file's data before its rename: the kernel may
		// write the directory back first. The key then names a file whose content never
		// reached the disk; the engine must report it, not serve it.
		open(false);
		this.engine.put(bytes("key"), bytes("durable"));
		this.engine.close();
		open(false);
		this.engine.put(bytes("key"), bytes("unsynced overwrite"));
		this.engine.put(bytes("fresh"), bytes("unsynced"));
		this.io.forceDirectory(fs());
		this.io.simulatePowerLossWithTornTails(new Random(16));
		abandon();
		open(false);
		for (String key : List.of("key", "fresh")) {
			try {
				assertThat(this.engine.get(bytes(key)).map((stored) -> text(stored.value())))
					.hasValueSatisfying((value) -> assertThat(value).isIn("durable", "unsynced overwrite", "unsynced"));
			}
			catch (CorruptionException ex) {
				assertThat(ex.file()).isEqualTo(fs().resolve(KeyFileNames.nameOf(bytes(key))));
			}
		}
		this.engine.put(bytes("key"), bytes("repaired"));
		assertThat(value("key")).isEqualTo("repaired");
	}

	@Test
	void unsyncedWritesDoNoFsyncAndCloseMakesThemAllDurable() throws IOException {
		open(false);
		this.io.resetCalls();
		this.engine.put(bytes("a"), bytes("1"));
		this.engine.put(bytes("b"), bytes("2"));
		this.engine.put(bytes("b"), bytes("3"));
		this.engine.put(bytes("c"), bytes("4"));
		this.engine.delete(bytes("c"));
		assertThat(this.io.calls(FaultKind.FORCE)).isZero();
		assertThat(this.io.calls(FaultKind.FORCE_DIRECTORY)).isZero();
		this.engine.close();
		this.io.simulatePowerLoss();
		open(false);
		assertThat(value("a")).isEqualTo("1");
		assertThat(value("b")).isEqualTo("3");
		assertThat(this.engine.get(bytes("c"))).isEmpty();
	}

	// ---- A failing put

	@TestFactory
	Stream<DynamicTest> failingAnyStepOfAPutKeepsTheOldValue() throws IOException {
		Map<FaultKind, Long> steps = new EnumMap<>(FaultKind.class);
		FaultyIo counting = new FaultyIo();
		try (FilePerKeyKV kv = FilePerKeyKV.open(this.dir.resolve("count"), LIMITS, true, counting)) {
			kv.put(bytes("key"), bytes("old"));
			counting.resetCalls();
			kv.put(bytes("key"), bytes("new"));
			PUT_STEPS.forEach((kind) -> steps.put(kind, counting.calls(kind)));
		}
		assertThat(steps).allSatisfy((kind, calls) -> assertThat(calls).as(kind.name()).isPositive());
		return steps.entrySet()
			.stream()
			.flatMap((step) -> LongStream.rangeClosed(1, step.getValue())
				.mapToObj((nth) -> DynamicTest.dynamicTest(step.getKey() + " call " + nth,
						() -> failStepOfAPut(step.getKey(), nth))));
	}

	private void failStepOfAPut(FaultKind kind, long nth) throws IOException {
		Path fs = this.dir.resolve(kind + "-" + nth);
		FaultyIo faulty = new FaultyIo();
		faulty.setPartialWrite(PartialWrite.HALF);
		FilePerKeyKV kv = FilePerKeyKV.open(fs, LIMITS, true, faulty);
		long version = kv.put(bytes("key"), bytes("old value")).version();
		ArmedFault fault = faulty.failOnce(kind, nth);
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> kv.put(bytes("key"), bytes("new value")));
		assertThat(fault.hasFired()).isTrue();
		assertThat(faulty.openHandles()).isZero();
		// Once the rename is done a failed directory force cannot take it back: the put
		// is not acknowledged, and either value may be read and survive.
		List<String> allowed = (kind == FaultKind.FORCE_DIRECTORY) ? List.of("old value", "new value")
				: List.of("old value");
		VersionedValue now = kv.get(bytes("key")).orElseThrow();
		assertThat(text(now.value())).isIn(allowed);
		if (kind != FaultKind.FORCE_DIRECTORY) {
			assertThat(now.version()).isEqualTo(version);
		}
		kv.put(bytes("other"), bytes("forces the directory"));
		faulty.simulatePowerLoss();
		kv.close();
		FilePerKeyKV reopened = FilePerKeyKV.open(fs, LIMITS, true, faulty);
		try {
			assertThat(text(reopened.get(bytes("key")).orElseThrow().value())).isIn(allowed);
			assertThat(keys(reopened)).containsExactly("key", "other");
			assertThat(names(fs)).noneMatch(KeyFileNames::isTemp);
			reopened.put(bytes("key"), bytes("newer value"));
			assertThat(text(reopened.get(bytes("key")).orElseThrow().value())).isEqualTo("newer value");
		}
		finally {
			reopened.close();
		}
	}

	@Test
	void failedPutWhoseCleanupFailsTooLeavesATempFileThatIsNoKeyAndStartupRemoves() throws IOException {
		open(true);
		this.engine.put(bytes("key"), bytes("old"));
		this.io.failOnce(FaultKind.MOVE, 1);
		this.io.failOnce(FaultKind.DELETE, 1);
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> this.engine.put(bytes("key"), bytes("new")));
		assertThat(names(fs())).anyMatch(KeyFileNames::isTemp);
		assertThat(keys(this.engine)).containsExactly("key");
		assertThat(this.engine.stats().keys()).isEqualTo(1);
		this.engine.close();
		open(true);
		assertThat(names(fs())).noneMatch(KeyFileNames::isTemp);
		assertThat(value("key")).isEqualTo("old");
	}

	@Test
	void failedDeleteKeepsTheValue() {
		open(true);
		this.engine.put(bytes("key"), bytes("v"));
		this.io.failOnce(FaultKind.DELETE, 1);
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> this.engine.delete(bytes("key")));
		assertThat(value("key")).isEqualTo("v");
		assertThat(this.engine.stats().keys()).isEqualTo(1);
		assertThat(this.engine.delete(bytes("key"))).isTrue();
		assertThat(this.engine.get(bytes("key"))).isEmpty();
	}

	@Test
	void deleteWhoseDirectoryForceFailsIsEitherWayAfterPowerLoss() throws IOException {
		open(true);
		this.engine.put(bytes("key"), bytes("v"));
		this.io.failOnce(FaultKind.FORCE_DIRECTORY, 1);
		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> this.engine.delete(bytes("key")));
		powerLoss();
		open(true);
		assertThat(this.engine.get(bytes("key")).map((stored) -> text(stored.value()))).isIn(Optional.empty(),
				Optional.of("v"));
		assertThat(this.engine.stats().keys()).isEqualTo(keys(this.engine).size());
	}

	// ---- Full disk

	@Test
	void fullDiskRefusesPutsKeepsValuesAndRecoversWithoutReopen() throws IOException {
		open(true);
		long version = this.engine.put(bytes("key"), bytes("old")).version();
		this.engine.put(bytes("spare"), bytes("x"));
		EngineStats before = this.engine.stats();
		this.io.setDiskFull(true);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(StorageFullException.class)
				.isThrownBy(() -> this.engine.put(bytes("key"), bytes("new")));
			assertThatExceptionOfType(StorageFullException.class)
				.isThrownBy(() -> this.engine.put(bytes("fresh"), bytes("new")));
		}
		assertThat(stored("key").version()).isEqualTo(version);
		assertThat(value("key")).isEqualTo("old");
		assertThat(this.engine.get(bytes("fresh"))).isEmpty();
		assertThat(this.engine.stats().keys()).isEqualTo(before.keys());
		assertThat(this.engine.stats().diskBytes()).isEqualTo(before.diskBytes());
		assertThat(names(fs())).noneMatch(KeyFileNames::isTemp);
		assertThat(this.engine.delete(bytes("spare"))).isTrue();
		this.io.setDiskFull(false);
		this.engine.put(bytes("key"), bytes("new"));
		this.engine.put(bytes("fresh"), bytes("new"));
		assertThat(value("key")).isEqualTo("new");
		assertThat(value("fresh")).isEqualTo("new");
	}

	@ParameterizedTest(name = "{0} bytes left")
	@ValueSource(longs = { 0, 10, 40 })
	void diskFillingUpInTheMiddleOfAValueLeavesNoPartialFile(long bytesLeft) throws IOException {
		open(true);
		this.engine.put(bytes("key"), bytes("old"));
		this.io.setPartialWrite(PartialWrite.HALF);
		this.io.setWriteBudget(bytesLeft);
		assertThatExceptionOfType(StorageFullException.class)
			.isThrownBy(() -> this.engine.put(bytes("key"), bytes("a new value longer than forty bytes, surely")));
		assertThat(this.io.isDiskFull()).isTrue();
		assertThat(value("key")).isEqualTo("old");
		assertThat(names(fs())).noneMatch(KeyFileNames::isTemp);
		this.io.setDiskFull(false);
		this.engine.put(bytes("key"), bytes("new"));
		assertThat(value("key")).isEqualTo("new");
		powerLoss();
		open(true);
		assertThat(value("key")).isEqualTo("new");
	}

	// ---- Handles

	@Test
	void noFileHandleOutlivesACall() throws IOException {
		open(true);
		Random random = new Random(17);
		this.engine.put(bytes("damaged"), bytes("v"));
		Corruptor.flipByte(fs().resolve(KeyFileNames.nameOf(bytes("damaged"))), 30);
		for (int i = 0; i < 3000; i++) {
			byte[] key = bytes("k" + random.nextInt(50));
			switch (random.nextInt(8)) {
				case 0, 1, 2 -> this.engine.put(key, new byte[random.nextInt(300)]);
				case 3 -> this.engine.get(key);
				case 4 -> this.engine.delete(key);
				case 5 -> assertThatExceptionOfType(PreconditionFailedException.class)
					.isThrownBy(() -> this.engine.put(key, bytes("v"), Precondition.version(1)));
				case 6 -> assertThatExceptionOfType(CorruptionException.class)
					.isThrownBy(() -> this.engine.get(bytes("damaged")));
				default -> {
					this.io.failOnce(WRITE_STEPS.get(random.nextInt(WRITE_STEPS.size())), 1);
					assertThatExceptionOfType(StorageException.class)
						.isThrownBy(() -> this.engine.put(key, bytes("refused")));
					this.io.clearFaults();
				}
			}
			assertThat(this.io.openHandles()).as("after operation %d", i).isZero();
			if (i % 500 == 0) {
				this.engine.list(new byte[0], null, 10);
				assertThat(this.io.openHandles()).isZero();
			}
		}
		this.engine.close();
		this.engine = null;
		assertThat(this.io.openHandles()).isZero();
	}

	// ---- The directory lock

	@Test
	void secondOpenOfAnOpenDirectoryIsRefused() {
		open(true);
		assertThatExceptionOfType(DataDirectoryLockedException.class)
			.isThrownBy(() -> FilePerKeyKV.open(fs(), LIMITS, true, this.io))
			.withMessageContaining(fs().toString());
		this.engine.put(bytes("key"), bytes("still works"));
		assertThat(value("key")).isEqualTo("still works");
		this.engine.close();
		open(true);
		assertThat(value("key")).isEqualTo("still works");
	}

	@Test
	void refusedSecondOpenLeavesTheDirectoryLockedAgainstOtherProcesses() throws Exception {
		// On the real disk: the test io reads every file of the directory, the lock file
		// too, and a process that closes any handle on a file loses its locks on it.
		this.engine = FilePerKeyKV.open(fs(), LIMITS, true, DiskIo.INSTANCE);
		assertThat(otherProcessCanLock()).isFalse();
		assertThatExceptionOfType(DataDirectoryLockedException.class)
			.isThrownBy(() -> FilePerKeyKV.open(fs(), LIMITS, true, DiskIo.INSTANCE));
		assertThat(otherProcessCanLock()).isFalse();
		this.engine.close();
		this.engine = null;
		assertThat(otherProcessCanLock()).isTrue();
	}

	@Test
	void staleLockFileWithGarbageDoesNotStopAStart() throws IOException {
		Files.createDirectories(fs());
		Files.write(fs().resolve(KeyFileNames.LOCK), new byte[] { 0, (byte) 0xFF, 'p', 'i', 'd', '?', 10, 13 });
		open(true);
		this.engine.put(bytes("key"), bytes("v"));
		assertThat(value("key")).isEqualTo("v");
		assertThat(Files.readString(fs().resolve(KeyFileNames.LOCK), StandardCharsets.ISO_8859_1))
			.isEqualTo("pid " + ProcessHandle.current().pid());
	}

	// ---- Helpers

	private Path fs() {
		return this.dir.resolve("fs");
	}

	private void open(boolean syncAlways) {
		this.engine = FilePerKeyKV.open(fs(), LIMITS, syncAlways, this.io);
	}

	private void powerLoss() throws IOException {
		this.io.simulatePowerLoss();
		abandon();
	}

	/**
	 * Lets go of the engine of a machine that went down, releasing its directory lock
	 * without letting it touch a file: every io call fails while it closes.
	 */
	private void abandon() {
		FilePerKeyKV dead = this.engine;
		this.engine = null;
		for (FaultKind kind : FaultKind.values()) {
			this.io.failFrom(kind, 1);
		}
		try {
			dead.close();
		}
		catch (StorageException ex) {
			// The close could not reach the disk, as intended.
		}
		finally {
			this.io.clearFaults();
		}
	}

	private VersionedValue stored(String key) {
		return this.engine.get(bytes(key)).orElseThrow(() -> new AssertionError("no value for " + key));
	}

	private String value(String key) {
		return text(stored(key).value());
	}

	private void checkNoTempFileIsAKey() throws IOException {
		assertThat(names(fs())).noneMatch(KeyFileNames::isTemp);
		assertThat(keys(this.engine)).noneMatch((key) -> key.contains("tmp"));
		assertThat(this.engine.stats().keys()).isEqualTo(keys(this.engine).size());
	}

	private static List<String> keys(FilePerKeyKV kv) {
		List<String> keys = new ArrayList<>();
		byte[] after = null;
		do {
			KeyPage page = kv.list(new byte[0], after, 100);
			page.keys().forEach((key) -> keys.add(text(key)));
			after = page.next();
		}
		while (after != null);
		return keys;
	}

	private static List<String> names(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	/** Whether a separate process gets the lock of the data directory now. */
	private boolean otherProcessCanLock() throws Exception {
		Path probe = this.dir.resolve("LockProbe.java");
		Files.writeString(probe, """
				import java.nio.channels.FileChannel;
				import java.nio.file.Path;
				import java.nio.file.StandardOpenOption;

				public class LockProbe {
					public static void main(String[] args) throws Exception {
						try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
							System.exit((channel.tryLock() != null) ? 0 : 3);
						}
					}
				}
				""");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), probe.toString(),
				fs().resolve(KeyFileNames.LOCK).toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the probe process ended").isTrue();
		assertThat(process.exitValue()).as(output).isIn(0, 3);
		return process.exitValue() == 0;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Threads writing to an engine until the machine goes down under them, recording what
	 * was acknowledged and what was in flight. Each thread puts and deletes its own keys,
	 * and all of them put to a few shared keys.
	 */
	private final class Workload {

		private static final int OWN_KEYS = 6;

		private static final int SHARED_KEYS = 3;

		private final int threads;

		private final int operations;

		private final long seed;

		/** Every value a put tried to write, by key, acknowledged or not. */
		private final Map<String, Set<String>> written = new ConcurrentHashMap<>();

		/** Keys a delete was tried on. */
		private final Set<String> deleted = ConcurrentHashMap.newKeySet();

		/** The last acknowledged state of each own key; empty for deleted. */
		private final Map<String, Optional<String>> acknowledged = new ConcurrentHashMap<>();

		/**
		 * The state an own key has if its thread's unacknowledged operation took effect.
		 */
		private final Map<String, Optional<String>> inFlight = new ConcurrentHashMap<>();

		/** The highest acknowledged version of each shared key. */
		private final Map<String, Long> sharedVersions = new ConcurrentHashMap<>();

		private final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final AtomicBoolean down = new AtomicBoolean();

		Workload(int threads, int operations, long seed) {
			this.threads = threads;
			this.operations = operations;
			this.seed = seed;
		}

		Set<String> universe() {
			Set<String> keys = new TreeSet<>();
			for (int t = 0; t < this.threads; t++) {
				for (int k = 0; k < OWN_KEYS; k++) {
					keys.add("t" + t + "/" + k);
				}
			}
			for (int k = 0; k < SHARED_KEYS; k++) {
				keys.add("shared/" + k);
			}
			return keys;
		}

		/** Gives every key a first value, as the state the workload starts from. */
		void writeInitialValues(FilePerKeyKV kv) {
			for (String key : universe()) {
				String value = "initial value of " + key;
				kv.put(bytes(key), bytes(value));
				this.written.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(value);
			}
		}

		/**
		 * Runs the threads and, once a third of their operations are acknowledged, stops
		 * the machine: every io call fails from then on, {@code cut} runs while writes
		 * are in flight, and the threads end. The engine is left to {@link #abandon()}.
		 */
		void runUntilCut(Cut cut) throws Exception {
			CountDownLatch acknowledgedEnough = new CountDownLatch(this.threads * this.operations / 3);
			List<Thread> running = new ArrayList<>();
			for (int t = 0; t < this.threads; t++) {
				int thread = t;
				Thread worker = new Thread(() -> work(thread, acknowledgedEnough), "writer-" + t);
				worker.start();
				running.add(worker);
			}
			assertThat(acknowledgedEnough.await(2, TimeUnit.MINUTES)).as("writers made progress").isTrue();
			this.down.set(true);
			for (FaultKind kind : FaultKind.values()) {
				FilePerKeyKVFaultTest.this.io.failFrom(kind, 1);
			}
			cut.run();
			for (Thread worker : running) {
				worker.join();
			}
			assertThat(this.failures).isEmpty();
		}

		private void work(int thread, CountDownLatch acknowledgedEnough) {
			Random random = new Random(this.seed * 31 + thread);
			FilePerKeyKV kv = FilePerKeyKVFaultTest.this.engine;
			for (int op = 0; op < this.operations; op++) {
				boolean shared = random.nextInt(4) == 0;
				String key = shared ? "shared/" + random.nextInt(SHARED_KEYS)
						: "t" + thread + "/" + random.nextInt(OWN_KEYS);
				boolean delete = !shared && random.nextInt(4) == 0;
				String value = "t" + thread + " op " + op + " " + "x".repeat(random.nextInt(700));
				if (delete) {
					this.deleted.add(key);
				}
				else {
					this.written.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(value);
				}
				if (!shared) {
					this.inFlight.put(key, delete ? Optional.empty() : Optional.of(value));
				}
				long version = 0;
				try {
					if (delete) {
						kv.delete(bytes(key));
					}
					else {
						version = kv.put(bytes(key), bytes(value)).version();
					}
				}
				catch (StorageException ex) {
					if (!this.down.get()) {
						this.failures.add(ex);
					}
					return;
				}
				catch (RuntimeException ex) {
					this.failures.add(ex);
					return;
				}
				if (shared) {
					this.sharedVersions.merge(key, version, Math::max);
				}
				else {
					this.inFlight.remove(key);
					this.acknowledged.put(key, delete ? Optional.empty() : Optional.of(value));
				}
				acknowledgedEnough.countDown();
			}
		}

		/**
		 * Every acknowledged write is there: an own key holds its last acknowledged state
		 * or that of its thread's one unacknowledged operation; a shared key holds a
		 * value written to it, at least as new as its last acknowledged one.
		 */
		void checkAcknowledgedSurvived(FilePerKeyKV kv) {
			assertThat(this.acknowledged).isNotEmpty();
			assertThat(this.sharedVersions).isNotEmpty();
			for (String key : universe()) {
				Optional<VersionedValue> now = kv.get(bytes(key));
				Optional<String> value = now.map((stored) -> text(stored.value()));
				if (key.startsWith("shared/")) {
					Long version = this.sharedVersions.get(key);
					if (version != null) {
						assertThat(now).as(key).isPresent();
						assertThat(now.get().version()).as(key).isGreaterThanOrEqualTo(version);
					}
					value.ifPresent((v) -> assertThat(this.written.get(key)).as(key).contains(v));
				}
				else {
					List<Optional<String>> allowed = new ArrayList<>();
					allowed.add(this.acknowledged.getOrDefault(key, Optional.empty()));
					if (this.inFlight.containsKey(key)) {
						allowed.add(this.inFlight.get(key));
					}
					assertThat(value).as(key).isIn(allowed);
				}
			}
			assertThat(keys(kv)).isSubsetOf(universe());
		}

		/**
		 * Every key holds a value really written to it, byte for byte, and is only absent
		 * if a delete was tried on it; a key no thread touched keeps its first value.
		 */
		void checkOnlyWrittenValues(FilePerKeyKV kv) {
			for (String key : universe()) {
				Optional<String> value = kv.get(bytes(key)).map((stored) -> text(stored.value()));
				if (value.isEmpty()) {
					assertThat(this.deleted).as("%s is gone but was never deleted", key).contains(key);
				}
				else {
					assertThat(this.written.get(key)).as(key).contains(value.get());
				}
				if (this.written.get(key).size() == 1 && !this.deleted.contains(key)) {
					assertThat(value).as(key).hasValue("initial value of " + key);
				}
			}
			assertThat(keys(kv)).isSubsetOf(universe());
		}

	}

	@FunctionalInterface
	private interface Cut {

		void run() throws IOException;

	}

}
