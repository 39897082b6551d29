package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.ForwardingFileHandle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group commit of {@link Segment#syncTo(long)}, made deterministic by a file whose
 * first fsync waits at a gate: while it waits, other writers append and park, and what
 * the following fsync covers can be counted exactly.
 */
@Timeout(30)
class SegmentGroupCommitTest {

	private static final int WAITERS = 16;

	@TempDir
	Path dir;

	private GatedHandle handle;

	private Segment segment;

	private ExecutorService threads;

	@BeforeEach
	void openSegment() throws IOException {
		Path path = this.dir.resolve("1.seg");
		this.handle = new GatedHandle(DiskIo.INSTANCE.open(path, FileIo.Mode.CREATE_NEW));
		this.segment = new Segment(1, path, LogFormat.KIND_WRITE, DiskIo.INSTANCE, this.handle, 0);
		this.threads = Executors.newCachedThreadPool();
	}

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.segment.close();
	}

	@Test
	void oneFsyncCoversEveryWriterThatAppendedWhileThePreviousOneRan() throws Exception {
		Future<Integer> first = syncInBackground(append());
		this.handle.awaitForceEntered();
		List<Future<Integer>> waiting = parkedWaiters();
		this.handle.open();
		assertThat(first.get()).as("the first fsync covers only the first append").isEqualTo(1);
		List<Integer> batches = new ArrayList<>();
		for (Future<Integer> waiter : waiting) {
			batches.add(waiter.get());
		}
		// One waiter led the second fsync, for all of them; the others had nothing to do.
		assertThat(batches).containsOnlyOnce(WAITERS).containsOnly(WAITERS, 0);
		assertThat(this.handle.forces.get()).isEqualTo(2);
		assertThat(this.segment.isSynced()).isTrue();
	}

	@Test
	void aFailedFsyncWakesEveryWaiterWithTheFailureAndNoneSucceedsLater() throws Exception {
		this.handle.failFirstForce = true;
		Future<Integer> first = syncInBackground(append());
		this.handle.awaitForceEntered();
		List<Future<Integer>> waiting = parkedWaiters();
		this.handle.open();
		assertThatThrownBy(first::get).hasCauseInstanceOf(IOException.class);
		for (Future<Integer> waiter : waiting) {
			assertThatThrownBy(waiter::get).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(IOException.class)
				.hasMessageContaining("an earlier fsync");
		}
		assertThat(this.segment.syncFailed()).isTrue();
		// A later fsync could report success for pages the kernel dropped: never trusted.
		long end = append();
		assertThatThrownBy(() -> this.segment.syncTo(end)).isInstanceOf(IOException.class);
		assertThat(this.handle.forces.get()).isEqualTo(1);
	}

	@Test
	void anInterruptedWaiterStillWaitsForItsFsyncAndKeepsTheInterrupt() throws Exception {
		Future<Integer> first = syncInBackground(append());
		this.handle.awaitForceEntered();
		long end = append();
		CountDownLatch interruptedAfterSync = new CountDownLatch(1);
		Thread waiter = new Thread(() -> {
			try {
				this.segment.syncTo(end);
				if (Thread.currentThread().isInterrupted() && this.segment.isSynced()) {
					interruptedAfterSync.countDown();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		waiter.start();
		awaitParked(1);
		waiter.interrupt();
		// Parked still: an interrupt must not make it return before its bytes are
		// durable.
		Thread.sleep(50);
		assertThat(waiter.isAlive()).isTrue();
		this.handle.open();
		first.get();
		waiter.join();
		assertThat(interruptedAfterSync.getCount()).as("returned durable, with its interrupt").isZero();
	}

	@Test
	void aWriterWhoseBytesAreDurableAlreadyNeedsNoFsync() throws Exception {
		this.handle.open();
		long end = append();
		assertThat(this.segment.syncTo(end)).isEqualTo(1);
		assertThat(this.segment.syncTo(end)).isZero();
		assertThat(this.handle.forces.get()).isEqualTo(1);
	}

	private long append() throws IOException {
		ByteBuffer record = ByteBuffer.wrap(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
		long offset = this.segment.append(record);
		return offset + 8;
	}

	/** {@link #WAITERS} writers that appended and parked behind the held fsync. */
	private List<Future<Integer>> parkedWaiters() throws Exception {
		List<Future<Integer>> waiting = new ArrayList<>();
		for (int i = 0; i < WAITERS; i++) {
			waiting.add(syncInBackground(append()));
		}
		awaitParked(WAITERS);
		return waiting;
	}

	private Future<Integer> syncInBackground(long end) {
		return this.threads.submit(() -> this.segment.syncTo(end));
	}

	/** Waits until {@code count} threads are parked in syncTo, the leader not counted. */
	private void awaitParked(int count) throws InterruptedException {
		while (parkedInSyncTo() < count) {
			Thread.sleep(1);
		}
	}

	private int parkedInSyncTo() {
		int parked = 0;
		for (var entry : Thread.getAllStackTraces().entrySet()) {
			Thread.State state = entry.getKey().getState();
			if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
				continue;
			}
			StackTraceElement[] stack = entry.getValue();
			boolean inSyncTo = false;
			boolean inForce = false;
			for (StackTraceElement frame : stack) {
				inSyncTo |= frame.getClassName().equals(Segment.class.getName())
						&& frame.getMethodName().equals("syncTo");
				inForce |= frame.getClassName().equals(GatedHandle.class.getName());
			}
			if (inSyncTo && !inForce) {
				parked++;
			}
		}
		return parked;
	}

	/** A real file whose first fsync waits until {@link #open()}, and may then fail. */
	private static final class GatedHandle extends ForwardingFileHandle {

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger forces = new AtomicInteger();

		volatile boolean failFirstForce;

		GatedHandle(FileHandle delegate) {
			super(delegate);
		}

		void awaitForceEntered() throws InterruptedException {
			assertThat(this.entered.await(10, TimeUnit.SECONDS)).as("an fsync started").isTrue();
		}

		void open() {
			this.gate.countDown();
		}

		@Override
		public void force() throws IOException {
			int n = this.forces.incrementAndGet();
			this.entered.countDown();
			try {
				this.gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted", ex);
			}
			if (n == 1 && this.failFirstForce) {
				throw new IOException("injected fsync failure");
			}
			super.force();
		}

	}

}
