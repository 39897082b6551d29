package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.kvstore.engine.io.FileHandle;

/**
 * The newest appends of a {@code sync=always} segment, held in memory until the next
 * fsync's leader writes them to the file, just before it forces the file. Readers of a
 * record still held here get it from here.
 *
 * <p>
 * Why: with {@code sync=always} no write is acknowledged before an fsync covers it, so
 * its bytes need not reach the file any sooner. Held, the appends of all the combiners'
 * batches between two fsyncs go to the file with one {@code pwrite}, by the leader,
 * instead of one each under the write lock ({@code docs/benchmarks.md}).
 *
 * <p>
 * The held bytes are always the file's last appends: every append goes through here or,
 * if it does not fit, is written after the held bytes are ({@link Segment#append}).
 *
 * <p>
 * A write of the held bytes that fails leaves them held and the tail <em>failed</em>: it
 * takes no more appends, and readers still find the held records here, until the engine
 * has taken them out of the index and {@link #discard() discarded} them
 * ({@code docs/design.md}, "Appends held until their fsync").
 */
final class UnwrittenTail {

	/** Memory for appends; guarded by this object's monitor. */
	private final ByteBuffer held;

	/** The file offset of the first held byte; guarded by this object's monitor. */
	private long start;

	/** How many appends are held; guarded by this object's monitor. */
	private int appends;

	/**
	 * The first offset held, or {@link Long#MAX_VALUE} when nothing is: a reader of bytes
	 * wholly below it reads the file without taking the monitor. Set when the first bytes
	 * are taken, before the index can point at them, and cleared only after the bytes are
	 * in the file.
	 */
	private volatile long heldFrom = Long.MAX_VALUE;

	/** Why the held bytes could not be written; {@code null} while none failed. */
	private volatile IOException failure;

	UnwrittenTail(int capacity) {
		// On the heap, so that a sealed segment's memory goes with it; the copy the
		// kernel's write then takes is a few kilobytes an fsync.
		this.held = ByteBuffer.allocate(capacity);
	}

	/**
	 * Takes {@code bytes}, {@code appends} whole records that belong at {@code offset}
	 * (the end of the held bytes, or of the file when nothing is held), unless they do
	 * not fit.
	 * @return whether they were taken; if not, nothing changed
	 * @throws IOException if an earlier write of the held bytes failed and they are not
	 * discarded yet: nothing may follow them
	 */
	synchronized boolean take(ByteBuffer bytes, long offset, int appends) throws IOException {
		throwIfFailed();
		if (bytes.remaining() > this.held.remaining()) {
			return false;
		}
		if (this.held.position() == 0) {
			this.start = offset;
			this.heldFrom = offset;
		}
		this.held.put(bytes.duplicate());
		this.appends += appends;
		return true;
	}

	/**
	 * Writes the held bytes to {@code file}, in place, and lets them go. On failure the
	 * tail is failed: the bytes stay held (readers still find them here) until
	 * {@link #discard()}.
	 */
	synchronized void writeTo(FileHandle file) throws IOException {
		throwIfFailed();
		if (this.held.position() == 0) {
			return;
		}
		try {
			file.write(this.held.duplicate().flip(), this.start);
		}
		catch (IOException ex) {
			this.failure = ex;
			throw new HeldAppendsLostException(this.start, ex);
		}
		this.held.clear();
		this.appends = 0;
		this.heldFrom = Long.MAX_VALUE;
	}

	/** Why the held bytes could not be written, or {@code null}. */
	IOException failure() {
		return this.failure;
	}

	/** Where the held bytes start, or {@link Long#MAX_VALUE} if none are held. */
	long heldFrom() {
		return this.heldFrom;
	}

	/** How many appends are held. */
	synchronized int heldAppends() {
		return this.appends;
	}

	/**
	 * Drops the held bytes of a failed write, once nothing points at them any more, and
	 * takes appends again.
	 */
	synchronized void discard() {
		this.held.clear();
		this.appends = 0;
		this.heldFrom = Long.MAX_VALUE;
		this.failure = null;
	}

	/**
	 * Copies the {@code into.remaining()} bytes at {@code offset} into {@code into}, if
	 * they are held.
	 * @return whether they were; if not, they are in the file
	 */
	boolean copy(long offset, ByteBuffer into) {
		if (offset + into.remaining() <= this.heldFrom) {
			return false;
		}
		synchronized (this) {
			long from = offset - this.start;
			if (this.held.position() == 0 || from < 0 || from + into.remaining() > this.held.position()) {
				return false;
			}
			into.put(this.held.duplicate().position((int) from).limit((int) from + into.remaining()));
			return true;
		}
	}

	/** Under the monitor. */
	private void throwIfFailed() throws HeldAppendsLostException {
		IOException failed = this.failure;
		if (failed != null) {
			throw new HeldAppendsLostException(this.start, failed);
		}
	}

	/**
	 * The held appends could not be written: the writes they belong to fail, with the
	 * disk's own error as the cause (so that a full disk is still told apart).
	 */
	static final class HeldAppendsLostException extends IOException {

		private final long from;

		HeldAppendsLostException(long from, IOException cause) {
			super("the appends held for the next fsync could not be written: " + cause.getMessage(), cause);
			this.from = from;
		}

		/** Where the lost bytes start: everything before is in the file. */
		long from() {
			return this.from;
		}

	}

}
