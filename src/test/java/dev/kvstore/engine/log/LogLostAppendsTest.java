package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With {@code sync=always} the active segment holds its appends in memory until the next
 * fsync's leader writes them ({@link UnwrittenTail}). When that write fails, the writes
 * those records belong to were applied to the index already: they must be undone, each
 * key back to what it was, their writers must fail, and the store must go on, as it does
 * when an append of its own fails. A compaction that ran meanwhile must keep its inputs.
 */
class LogLostAppendsTest {

	private static final long SEGMENT_SIZE = 1 << 20;

	@TempDir
	Path dir;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void writesWhoseHeldRecordsCannotBeWrittenAreUndoneAndFailAndTheStoreGoesOn() throws Exception {
		Path store = this.dir.resolve("store");
		GatedIo io = new GatedIo();
		try (LogStructuredKV engine = LogStructuredKV.open(options(store, io, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			engine.put(bytes("k1"), bytes("v1"));
			engine.put(bytes("k2"), bytes("old"));
			engine.put(bytes("k1"), bytes("v1 again"));
			long deadBytes = engine.stats().reclaimableBytes();

			// An fsync that waits at the gate: the writes below are held meanwhile.
			io.holdNextForce();
			Future<?> durable = this.threads.submit(() -> engine.put(bytes("a"), bytes("written before")));
			io.awaitHeldForce();
			List<CompletableFuture<?>> acknowledgements = List.of(
					engine.putAcknowledged(bytes("k1"), bytes("v2"), Precondition.NONE),
					engine.deleteAcknowledged(bytes("k2"), Precondition.NONE),
					engine.putAcknowledged(bytes("k3"), bytes("new"), Precondition.NONE),
					engine.putAcknowledged(bytes("k1"), bytes("v3"), Precondition.NONE));
			Future<?> waiting = this.threads.submit(() -> engine.put(bytes("k4"), bytes("a writer that waits")));
			awaitValue(engine, "k4", "a writer that waits");
			assertThat(engine.get(bytes("k1"))).map((value) -> text(value.value())).contains("v3");
			assertThat(engine.get(bytes("k2"))).isEmpty();
			assertThat(acknowledgements).noneMatch(CompletableFuture::isDone);

			io.failNextWrite();
			io.openGate();
			durable.get(10, TimeUnit.SECONDS);
			for (CompletableFuture<?> acknowledgement : acknowledgements) {
				assertThat(acknowledgement).failsWithin(10, TimeUnit.SECONDS)
					.withThrowableOfType(ExecutionException.class)
					.withCauseInstanceOf(StorageException.class)
					.withMessageContaining("injected write failure");
			}
			assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(StorageException.class);

			assertThat(engine.get(bytes("k1"))).map((value) -> text(value.value())).contains("v1 again");
			assertThat(engine.get(bytes("k2"))).map((value) -> text(value.value())).contains("old");
			assertThat(engine.get(bytes("k3"))).isEmpty();
			assertThat(engine.get(bytes("k4"))).isEmpty();
			assertThat(engine.get(bytes("a"))).map((value) -> text(value.value())).contains("written before");
			assertThat(engine.stats().keys()).isEqualTo(3);
			assertThat(engine.stats().reclaimableBytes()).as("the undone writes' garbage is gone too")
				.isEqualTo(deadBytes);
			assertThat(engine.writeFailure()).as("one failed write does not stop the store").isEmpty();

			engine.put(bytes("k3"), bytes("later"));
			assertThat(engine.putAcknowledged(bytes("k1"), bytes("v4"), Precondition.NONE)
				.get(10, TimeUnit.SECONDS)
				.created()).isFalse();
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(options(store, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			assertThat(reopened.get(bytes("k1"))).map((value) -> text(value.value())).contains("v4");
			assertThat(reopened.get(bytes("k2"))).map((value) -> text(value.value())).contains("old");
			assertThat(reopened.get(bytes("k3"))).map((value) -> text(value.value())).contains("later");
			assertThat(reopened.get(bytes("k4"))).isEmpty();
			assertThat(reopened.get(bytes("a"))).map((value) -> text(value.value())).contains("written before");
		}
	}

	@Test
	void aCompactionDuringWhichAWriteWasUndoneKeepsItsInputs() throws Exception {
		Path store = this.dir.resolve("store");
		GatedIo gated = new GatedIo();
		CompactionHooks io = new CompactionHooks(gated);
		try (LogStructuredKV engine = LogStructuredKV.open(options(store, io, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			engine.put(bytes("a"), bytes("first live record"));
			engine.put(bytes("k"), bytes("old"));
			engine.put(bytes("x"), bytes("1"));
			engine.put(bytes("x"), bytes("2"));
			CompletableFuture<Boolean>[] delete = new CompletableFuture[1];
			Future<?>[] durable = new Future<?>[1];
			// When the compaction writes its first output, after it found "a" live but
			// before it looks at "k", a delete of "k" is applied and held, behind an
			// fsync that waits at the gate: the compaction finds "k" dead.
			io.atFirstOutputWrite = () -> {
				gated.holdNextForce();
				durable[0] = this.threads.submit(() -> engine.put(bytes("z"), bytes("1")));
				try {
					gated.awaitHeldForce();
				}
				catch (InterruptedException ex) {
					throw new AssertionError(ex);
				}
				delete[0] = engine.deleteAcknowledged(bytes("k"), Precondition.NONE);
			};
			// Before the compaction forces the active segment, the delete's record cannot
			// be written, and the delete is undone: "k" is back, in an input.
			io.atOutputRename = () -> {
				gated.failNextWrite();
				gated.openGate();
				assertThat(delete[0]).failsWithin(10, TimeUnit.SECONDS);
			};

			assertThatThrownBy(engine::compact).isInstanceOf(StorageException.class)
				.hasMessageContaining("writes were undone");
			assertThat(io.ranBoth()).as("both hooks ran during the compaction").isTrue();
			durable[0].get(10, TimeUnit.SECONDS);
			assertThat(engine.get(bytes("k"))).map((value) -> text(value.value())).contains("old");

			engine.compact();
			assertThat(engine.get(bytes("k"))).map((value) -> text(value.value())).contains("old");
			assertThat(engine.get(bytes("x"))).map((value) -> text(value.value())).contains("2");
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(options(store, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			assertThat(reopened.get(bytes("k"))).map((value) -> text(value.value())).contains("old");
			assertThat(reopened.get(bytes("a"))).map((value) -> text(value.value())).contains("first live record");
			assertThat(reopened.get(bytes("x"))).map((value) -> text(value.value())).contains("2");
			assertThat(reopened.get(bytes("z"))).map((value) -> text(value.value())).contains("1");
		}
	}

	@Test
	void concurrentWritersThroughFailingWritesLoseNoAcknowledgedWriteAndNeverHang() throws Exception {
		Path store = this.dir.resolve("store");
		FaultyIo io = new FaultyIo();
		// Small segments, so that rotations and their fsyncs meet the failures too.
		LogOptions options = options(store, io, 16 * 1024, SyncMode.ALWAYS);
		Map<String, String> acknowledged = new ConcurrentHashMap<>();
		Map<String, Set<String>> failedSince = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		LogStructuredKV engine = LogStructuredKV.open(options);
		Future<?> faults = this.threads.submit(() -> {
			while (writing.get()) {
				io.failOnce(FaultKind.WRITE, 1, FaultyIo.nameEndsWith(SegmentFiles.SEGMENT_SUFFIX));
				LogTestSupport.sleep(2);
			}
		});
		List<Future<?>> writers = new ArrayList<>();
		for (int writer = 0; writer < 8; writer++) {
			int w = writer;
			// Each key has one writer, so its writes come one after the other.
			writers.add(this.threads.submit(() -> {
				for (int i = 0; i < 300; i++) {
					String key = "w" + w + "-" + (i % 8);
					boolean delete = i % 7 == 6;
					String value = delete ? ABSENT : "value " + i + " " + "x".repeat(i % 50);
					try {
						write(engine, key, value, i % 2 == 0);
						acknowledged.put(key, value);
						failedSince.remove(key);
					}
					catch (StorageException | ExecutionException ex) {
						failedSince.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(value);
					}
				}
				return null;
			}));
		}
		for (Future<?> writer : writers) {
			writer.get(60, TimeUnit.SECONDS);
		}
		writing.set(false);
		faults.get(10, TimeUnit.SECONDS);
		io.clearFaults();
		assertThat(failedSince).as("writes failed").isNotEmpty();
		assertThat(engine.writeFailure()).as("failed writes do not stop the store").isEmpty();
		checkKeys(engine, acknowledged, failedSince, "before the power loss");

		io.simulatePowerLoss();
		LogTestSupport.crashClose(engine, io);
		try (LogStructuredKV reopened = LogStructuredKV.open(options(store, io, 16 * 1024, SyncMode.ALWAYS))) {
			checkKeys(reopened, acknowledged, failedSince, "after the power loss");
		}
	}

	private static final String ABSENT = "(absent)";

	private static void write(LogStructuredKV engine, String key, String value, boolean waits) throws Exception {
		if (value.equals(ABSENT)) {
			if (waits) {
				engine.delete(bytes(key));
			}
			else {
				engine.deleteAcknowledged(bytes(key), Precondition.NONE).get(10, TimeUnit.SECONDS);
			}
		}
		else if (waits) {
			engine.put(bytes(key), bytes(value));
		}
		else {
			engine.putAcknowledged(bytes(key), bytes(value), Precondition.NONE).get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Each key holds its last acknowledged value, or the value of a write that failed
	 * after it (a failure after the append leaves the outcome unknown, as a crash does).
	 */
	private static void checkKeys(LogStructuredKV engine, Map<String, String> acknowledged,
			Map<String, Set<String>> failedSince, String when) {
		for (Map.Entry<String, String> expected : acknowledged.entrySet()) {
			String key = expected.getKey();
			String found = engine.get(bytes(key)).map((value) -> text(value.value())).orElse(ABSENT);
			Set<String> allowed = new HashSet<>(failedSince.getOrDefault(key, Set.of()));
			allowed.add(expected.getValue());
			assertThat(found).as("%s, %s", key, when).isIn(allowed);
		}
	}

	private static void awaitValue(LogStructuredKV engine, String key, String value) {
		for (int attempt = 0; attempt < 1000; attempt++) {
			if (engine.get(bytes(key)).map((found) -> text(found.value())).filter(value::equals).isPresent()) {
				return;
			}
			LogTestSupport.sleep(10);
		}
		throw new AssertionError(key + " was never applied");
	}

}
