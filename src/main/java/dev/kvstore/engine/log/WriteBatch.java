package dev.kvstore.engine.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The stamped records of queued writes, gathered into one buffer so that a combiner
 * appends them with one system call. Used only under the write lock. A record bigger than
 * the buffer travels alone, in its own buffer.
 */
final class WriteBatch {

	private final ByteBuffer buffer;

	private final List<PendingWrite> writes = new ArrayList<>();

	/** A record too big for the buffer, which is then the batch's only one. */
	private ByteBuffer alone;

	WriteBatch(int capacity) {
		// Direct, so the write goes from here to the kernel without another copy.
		this.buffer = ByteBuffer.allocateDirect(capacity);
	}

	boolean isEmpty() {
		return this.writes.isEmpty();
	}

	int count() {
		return this.writes.size();
	}

	/** Bytes gathered so far. */
	long bytes() {
		return (this.alone != null) ? this.alone.remaining() : this.buffer.position();
	}

	/** Whether a record of {@code size} bytes can join without a flush first. */
	boolean canTake(int size) {
		return this.alone == null && (isEmpty() || size <= this.buffer.remaining());
	}

	/**
	 * Adds a write whose record is stamped; its bytes are copied, its buffer untouched.
	 */
	void add(PendingWrite write) {
		if (!canTake(write.record.remaining())) {
			throw new IllegalStateException("flush the batch first");
		}
		if (write.record.remaining() > this.buffer.remaining()) {
			this.alone = write.record.duplicate();
		}
		else {
			this.buffer.put(write.record.duplicate());
		}
		this.writes.add(write);
	}

	List<PendingWrite> writes() {
		return this.writes;
	}

	/** The gathered bytes, ready to be written. */
	ByteBuffer contents() {
		return (this.alone != null) ? this.alone : this.buffer.duplicate().flip();
	}

	void clear() {
		this.buffer.clear();
		this.writes.clear();
		this.alone = null;
	}

}
