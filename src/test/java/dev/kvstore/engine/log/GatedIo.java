package dev.kvstore.engine.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.testing.ForwardingFileHandle;
import dev.kvstore.engine.testing.ForwardingFileIo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real files, whose first write once armed (or first fsync once asked) waits at a gate
 * until the test opens it; counts writes and fsyncs, and can fail the next write or
 * fsync.
 */
final class GatedIo extends ForwardingFileIo {

	private final CountDownLatch held = new CountDownLatch(1);

	private final CountDownLatch gate = new CountDownLatch(1);

	private final AtomicBoolean holdWrite = new AtomicBoolean();

	private final AtomicBoolean holdForce = new AtomicBoolean();

	private final AtomicBoolean failWrite = new AtomicBoolean();

	private final AtomicBoolean errorInWrite = new AtomicBoolean();

	private final AtomicBoolean uncheckedInWrite = new AtomicBoolean();

	private final AtomicBoolean failForce = new AtomicBoolean();

	final AtomicInteger writes = new AtomicInteger();

	final AtomicInteger forces = new AtomicInteger();

	GatedIo() {
		super(DiskIo.INSTANCE);
	}

	void armWrites() {
		this.holdWrite.set(true);
	}

	void holdNextForce() {
		this.holdWrite.set(false);
		this.holdForce.set(true);
	}

	/** Fails the next write that is not the one held at the gate. */
	void failNextWrite() {
		this.failWrite.set(true);
	}

	/** Fails the next fsync, the one held at the gate included. */
	void failNextForce() {
		this.failForce.set(true);
	}

	/** Throws an unchecked exception from the next write that is not the one held. */
	void throwUncheckedInNextWrite() {
		this.uncheckedInWrite.set(true);
	}

	/** Throws an {@link Error} from the next write that is not the one held. */
	void throwErrorInNextWrite() {
		this.errorInWrite.set(true);
	}

	void awaitHeldWrite() throws InterruptedException {
		assertThat(this.held.await(10, TimeUnit.SECONDS)).as("a write reached the gate").isTrue();
	}

	void awaitHeldForce() throws InterruptedException {
		assertThat(this.held.await(10, TimeUnit.SECONDS)).as("an fsync reached the gate").isTrue();
	}

	void openGate() {
		this.gate.countDown();
	}

	/** Returns whether the call was held at the gate. */
	private boolean pass(AtomicBoolean hold) throws IOException {
		if (!hold.compareAndSet(true, false)) {
			return false;
		}
		this.held.countDown();
		try {
			this.gate.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted at the gate", ex);
		}
		return true;
	}

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		FileHandle handle = super.open(file, mode);
		if (!file.getFileName().toString().endsWith(SegmentFiles.SEGMENT_SUFFIX)) {
			return handle;
		}
		return new ForwardingFileHandle(handle) {

			@Override
			public void write(ByteBuffer src, long position) throws IOException {
				boolean held = GatedIo.this.pass(GatedIo.this.holdWrite);
				GatedIo.this.writes.incrementAndGet();
				if (!held && GatedIo.this.failWrite.compareAndSet(true, false)) {
					throw new IOException("injected write failure");
				}
				if (!held && GatedIo.this.errorInWrite.compareAndSet(true, false)) {
					throw new OutOfMemoryError("injected");
				}
				if (!held && GatedIo.this.uncheckedInWrite.compareAndSet(true, false)) {
					throw new UncheckedIOException(new IOException("injected unchecked failure"));
				}
				super.write(src, position);
			}

			@Override
			public void force() throws IOException {
				GatedIo.this.pass(GatedIo.this.holdForce);
				GatedIo.this.forces.incrementAndGet();
				if (GatedIo.this.failForce.compareAndSet(true, false)) {
					throw new IOException("injected fsync failure");
				}
				super.force();
			}

		};
	}

}
