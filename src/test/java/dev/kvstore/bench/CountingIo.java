package dev.kvstore.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.ForwardingFileHandle;
import dev.kvstore.engine.testing.ForwardingFileIo;

/**
 * A {@link FileIo} that counts what one chosen thread reads, writes and forces, so that a
 * benchmark can tell the compaction's own I/O from the foreground's: the engine's
 * {@code compact()} does its work on the calling thread.
 */
final class CountingIo extends ForwardingFileIo {

	private volatile Thread counted;

	private final AtomicLong bytesRead = new AtomicLong();

	private final AtomicLong bytesWritten = new AtomicLong();

	private final AtomicLong hintBytesWritten = new AtomicLong();

	private final AtomicLong forces = new AtomicLong();

	private final AtomicLong forceNanos = new AtomicLong();

	CountingIo(FileIo io) {
		super(io);
	}

	/** Counts the I/O of {@code thread} from now on, from zero. */
	void countFor(Thread thread) {
		this.bytesRead.set(0);
		this.bytesWritten.set(0);
		this.hintBytesWritten.set(0);
		this.forces.set(0);
		this.forceNanos.set(0);
		this.counted = thread;
	}

	/** What the counted thread did since {@link #countFor(Thread)}; stops counting. */
	Counts stop() {
		this.counted = null;
		return new Counts(this.bytesRead.get(), this.bytesWritten.get(), this.hintBytesWritten.get(), this.forces.get(),
				this.forceNanos.get() / 1e9);
	}

	private boolean counting() {
		return Thread.currentThread() == this.counted;
	}

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		boolean hint = file.getFileName().toString().contains(".hint");
		return new CountingHandle(super.open(file, mode), hint);
	}

	@Override
	public void forceDirectory(Path dir) throws IOException {
		long start = System.nanoTime();
		super.forceDirectory(dir);
		forced(start);
	}

	private void forced(long startNanos) {
		if (counting()) {
			this.forces.incrementAndGet();
			this.forceNanos.addAndGet(System.nanoTime() - startNanos);
		}
	}

	/**
	 * The counted thread's I/O.
	 *
	 * @param bytesRead bytes read
	 * @param bytesWritten bytes written, hint files included
	 * @param hintBytesWritten of which to hint files
	 * @param forces fsyncs of files and directories
	 * @param forceSeconds time spent in them
	 */
	record Counts(long bytesRead, long bytesWritten, long hintBytesWritten, long forces, double forceSeconds) {

	}

	private final class CountingHandle extends ForwardingFileHandle {

		/** A hint file (or its temporary name), not a segment. */
		private final boolean hint;

		CountingHandle(FileHandle handle, boolean hint) {
			super(handle);
			this.hint = hint;
		}

		@Override
		public int read(ByteBuffer dst, long position) throws IOException {
			int read = super.read(dst, position);
			if (counting() && read > 0) {
				CountingIo.this.bytesRead.addAndGet(read);
			}
			return read;
		}

		@Override
		public void write(ByteBuffer src, long position) throws IOException {
			int length = src.remaining();
			super.write(src, position);
			if (counting()) {
				CountingIo.this.bytesWritten.addAndGet(length);
				if (this.hint) {
					CountingIo.this.hintBytesWritten.addAndGet(length);
				}
			}
		}

		@Override
		public void force() throws IOException {
			long start = System.nanoTime();
			super.force();
			forced(start);
		}

	}

}
