package dev.kvstore.engine.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.WriteResult;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.ForwardingFileHandle;
import dev.kvstore.engine.testing.ForwardingFileIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write queue: while one writer's write is in the file system, the writers behind it
 * queue, and the next of them to hold the lock applies them all, in the order they
 * queued, with one write. Each test holds the first write (or fsync) at a gate, queues
 * writers behind it one at a time, and then opens the gate.
 */
class LogWriteQueueTest {

	private static final long SEGMENT_SIZE = 1 << 20;

	@TempDir
	Path dir;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final GatedIo io = new GatedIo();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void writersQueuedBehindAWriteAreAppliedInOrderWithOneWrite() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			Future<WriteResult> first = putHeldAtTheGate(engine);
			List<Future<WriteResult>> queued = queuePuts(engine, 5);
			int writesBefore = this.io.writes.get();
			this.io.openGate();
			long firstVersion = first.get(10, TimeUnit.SECONDS).version();
			for (int i = 0; i < queued.size(); i++) {
				assertThat(queued.get(i).get(10, TimeUnit.SECONDS).version()).as("in the order they queued")
					.isEqualTo(firstVersion + 1 + i);
			}
			assertThat(this.io.writes.get() - writesBefore).as("the held write, and one for the five queued records")
				.isEqualTo(2);
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(LogTestSupport.options(this.dir, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.NEVER))) {
			for (int i = 1; i <= 5; i++) {
				assertThat(reopened.get(bytes("k" + i))).map((value) -> text(value.value())).contains("value of k" + i);
			}
		}
	}

	@Test
	void aConditionalWriteInABatchSeesTheWritesQueuedBeforeIt() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			Future<WriteResult> first = putHeldAtTheGate(engine);
			Future<WriteResult> put = this.threads.submit(() -> engine.put(bytes("k"), bytes("one")));
			awaitQueued(1);
			Future<WriteResult> putIfAbsent = this.threads
				.submit(() -> engine.put(bytes("k"), bytes("two"), Precondition.ABSENT));
			awaitQueued(2);
			Future<Boolean> delete = this.threads.submit(() -> engine.delete(bytes("k")));
			awaitQueued(3);
			Future<Boolean> deleteAgain = this.threads.submit(() -> engine.delete(bytes("k")));
			awaitQueued(4);
			this.io.openGate();
			first.get(10, TimeUnit.SECONDS);
			assertThat(put.get(10, TimeUnit.SECONDS).created()).isTrue();
			assertThatThrownBy(() -> putIfAbsent.get(10, TimeUnit.SECONDS))
				.hasCauseInstanceOf(PreconditionFailedException.class);
			assertThat(delete.get(10, TimeUnit.SECONDS)).as("the put before it is there to delete").isTrue();
			assertThat(deleteAgain.get(10, TimeUnit.SECONDS)).as("the delete before it took the key").isFalse();
			assertThat(engine.get(bytes("k"))).isEmpty();
		}
	}

	@Test
	void withSyncAlwaysAQueuedWriterReturnsOnlyAfterTheFsyncThatCoversIt() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.ALWAYS)) {
			this.io.holdNextForce();
			Future<WriteResult> first = this.threads.submit(() -> engine.put(bytes("k0"), bytes("v0")));
			this.io.awaitHeldForce();
			List<Future<WriteResult>> queued = new ArrayList<>();
			for (int i = 1; i <= 5; i++) {
				String key = "k" + i;
				queued.add(this.threads.submit(() -> engine.put(bytes(key), bytes("v"))));
			}
			// One of them appends all five, then every one waits for an fsync that cannot
			// start before the held one ends.
			awaitParked(5);
			assertThat(queued).noneMatch(Future::isDone);
			int forcesBefore = this.io.forces.get();
			this.io.openGate();
			first.get(10, TimeUnit.SECONDS);
			for (Future<WriteResult> put : queued) {
				put.get(10, TimeUnit.SECONDS);
			}
			assertThat(this.io.forces.get() - forcesBefore).as("the held fsync, and one more for the five")
				.isEqualTo(2);
			assertThat(engine.stats().syncedWrites()).isEqualTo(6);
		}
	}

	@Test
	void aFailedBatchWriteFailsEveryWriterInItAndLeavesNoTrace() throws Exception {
		WriteResult last;
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			Future<WriteResult> first = putHeldAtTheGate(engine);
			List<Future<WriteResult>> queued = queuePuts(engine, 3);
			this.io.failNextWrite();
			this.io.openGate();
			long firstVersion = first.get(10, TimeUnit.SECONDS).version();
			for (Future<WriteResult> put : queued) {
				assertThatThrownBy(() -> put.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class)
					.hasMessageContaining("injected write failure");
			}
			for (int i = 1; i <= 3; i++) {
				assertThat(engine.get(bytes("k" + i))).isEmpty();
			}
			last = engine.put(bytes("after"), bytes("v"));
			assertThat(last.version()).as("the failed writes used no version").isEqualTo(firstVersion + 1);
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(LogTestSupport.options(this.dir, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.NEVER))) {
			assertThat(reopened.get(bytes("k0"))).isPresent();
			assertThat(reopened.get(bytes("after"))).map((value) -> value.version()).contains(last.version());
			for (int i = 1; i <= 3; i++) {
				assertThat(reopened.get(bytes("k" + i))).isEmpty();
			}
		}
	}

	@Test
	void anErrorInABatchWriteFailsEveryWriterInItInsteadOfLeavingThemParked() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			Future<WriteResult> first = putHeldAtTheGate(engine);
			List<Future<WriteResult>> queued = queuePuts(engine, 3);
			this.io.throwErrorInNextWrite();
			this.io.openGate();
			// The thread that met the error, the one whose write was held, gets it.
			assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(OutOfMemoryError.class);
			for (Future<WriteResult> put : queued) {
				assertThatThrownBy(() -> put.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class)
					.hasRootCauseInstanceOf(OutOfMemoryError.class);
			}
			assertThat(engine.get(bytes("k0"))).as("its own write went out before the error").isPresent();
			assertThat(engine.put(bytes("after"), bytes("v")).created()).as("the queue still works").isTrue();
		}
	}

	@Test
	void anUncheckedFailureOfABatchAppendedForADeleteFailsTheWritesInItAndTheDeleteGoesOn() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			Future<WriteResult> first = putHeldAtTheGate(engine);
			Future<WriteResult> put = this.threads.submit(() -> engine.put(bytes("k1"), bytes("v1")));
			awaitQueued(1);
			Future<Boolean> delete = this.threads.submit(() -> engine.delete(bytes("k1")));
			awaitQueued(2);
			this.io.throwUncheckedInNextWrite();
			this.io.openGate();
			first.get(10, TimeUnit.SECONDS);
			assertThatThrownBy(() -> put.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UncheckedIOException.class);
			assertThat(delete.get(10, TimeUnit.SECONDS)).as("the put before it failed: nothing to delete").isFalse();
			assertThat(engine.get(bytes("k1"))).isEmpty();
		}
	}

	@Test
	void aWriterWhoseInterruptIsAlreadySetWritesDurablyWithoutStoppingTheStoreAndKeepsTheInterrupt() {
		LogOptions options = LogTestSupport.options(this.dir, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.ALWAYS);
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			Thread.currentThread().interrupt();
			try {
				engine.put(bytes("k"), bytes("v"));
			}
			finally {
				assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
			}
			assertThat(engine.writeFailure()).isEmpty();
			engine.put(bytes("k2"), bytes("v2"));
		}
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			assertThat(reopened.get(bytes("k"))).isPresent();
			assertThat(reopened.get(bytes("k2"))).isPresent();
		}
	}

	@Test
	void anInterruptedQueuedWriterIsStillAppliedAndKeepsTheInterrupt() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			Future<WriteResult> first = putHeldAtTheGate(engine);
			AtomicBoolean interruptedAfter = new AtomicBoolean();
			CountDownLatch done = new CountDownLatch(1);
			Thread writer = new Thread(() -> {
				engine.put(bytes("k1"), bytes("v1"));
				interruptedAfter.set(Thread.currentThread().isInterrupted());
				done.countDown();
			});
			writer.start();
			awaitQueued(1);
			writer.interrupt();
			Thread.sleep(50);
			assertThat(done.getCount()).as("still queued behind the held write").isEqualTo(1);
			this.io.openGate();
			first.get(10, TimeUnit.SECONDS);
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(interruptedAfter).isTrue();
			assertThat(engine.get(bytes("k1"))).isPresent();
		}
	}

	/**
	 * Puts {@code k0} on another thread and waits until its write is held at the gate.
	 */
	private Future<WriteResult> putHeldAtTheGate(LogStructuredKV engine) throws InterruptedException {
		Future<WriteResult> first = this.threads.submit(() -> engine.put(bytes("k0"), bytes("v0")));
		this.io.awaitHeldWrite();
		return first;
	}

	/**
	 * Puts {@code k1} to {@code k<count>} (value "value of" the key), each from its own
	 * thread, each queued before the next starts.
	 */
	private List<Future<WriteResult>> queuePuts(LogStructuredKV engine, int count) throws InterruptedException {
		List<Future<WriteResult>> queued = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			String key = "k" + i;
			queued.add(this.threads.submit(() -> engine.put(bytes(key), bytes("value of " + key))));
			awaitQueued(i);
		}
		return queued;
	}

	private LogStructuredKV open(SyncMode sync) {
		LogStructuredKV engine = LogStructuredKV.open(LogTestSupport.options(this.dir, this.io, SEGMENT_SIZE, sync));
		this.io.armWrites();
		return engine;
	}

	/** Waits until {@code count} writers are parked in the queue. */
	private static void awaitQueued(int count) throws InterruptedException {
		awaitParkedIn(count, WriteQueue.class.getName(), "submit");
	}

	/** Waits until {@code count} writers are parked, in the queue or for an fsync. */
	private static void awaitParked(int count) throws InterruptedException {
		while (parkedIn(WriteQueue.class.getName(), "submit") + parkedIn(Segment.class.getName(), "syncTo") < count) {
			Thread.sleep(1);
		}
	}

	private static void awaitParkedIn(int count, String className, String method) throws InterruptedException {
		while (parkedIn(className, method) < count) {
			Thread.sleep(1);
		}
	}

	/** Threads parked in {@code method} and not held at a gate of the {@link GatedIo}. */
	private static int parkedIn(String className, String method) {
		int parked = 0;
		for (var entry : Thread.getAllStackTraces().entrySet()) {
			Thread.State state = entry.getKey().getState();
			if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
				continue;
			}
			boolean inMethod = false;
			boolean atGate = false;
			for (StackTraceElement frame : entry.getValue()) {
				inMethod |= frame.getClassName().equals(className) && frame.getMethodName().equals(method);
				atGate |= frame.getClassName().startsWith(GatedIo.class.getName());
			}
			if (inMethod && !atGate) {
				parked++;
			}
		}
		return parked;
	}

}
