package dev.kvstore.engine.log;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import dev.kvstore.engine.Precondition;

/**
 * One put or delete handed to the {@link WriteQueue}, and what became of it. The writer
 * thread fills in the request; whichever thread applies the queue (the combiner) fills in
 * the outcome, under the write lock, and publishes it by the volatile {@link #state}.
 */
final class PendingWrite {

	enum State {

		/** Waiting in the queue. */
		QUEUED,

		/** Appended and in the index (or found to be a delete of an absent key). */
		WRITTEN,

		/**
		 * Refused or failed; {@link #failure()} says why. Nothing was written, unless an
		 * unchecked failure came after the batch's append.
		 */
		FAILED

	}

	final byte[] key;

	/** The encoded record, stamped with its sequence number by the combiner. */
	final ByteBuffer record;

	final Precondition precondition;

	final boolean tombstone;

	final Thread writer = Thread.currentThread();

	/**
	 * For a writer that does not wait for its fsync (with {@code sync=always}): completed
	 * once the write is durable. {@code null} for a writer that waits.
	 */
	final CompletableFuture<Void> acknowledgement;

	// The outcome: written by the combiner before it sets the state.

	private Segment segment;

	private long end;

	private long sequence;

	private IndexEntry previous;

	/** The segment's count of discarded appends when the write was appended. */
	private int discards;

	private boolean absent;

	private RuntimeException failure;

	/**
	 * Set for {@code sync=always}: the writer's place among the segment's fsync waiters.
	 */
	private Segment.Waiter waiter;

	private volatile State state = State.QUEUED;

	PendingWrite(byte[] key, ByteBuffer record, Precondition precondition, boolean tombstone,
			CompletableFuture<Void> acknowledgement) {
		this.key = key;
		this.record = record;
		this.precondition = precondition;
		this.tombstone = tombstone;
		this.acknowledgement = acknowledgement;
	}

	/**
	 * Whether applying it needs the key's current version: a conditional write or a
	 * delete, which must see every write queued before it.
	 */
	boolean readsIndex() {
		return this.tombstone || !(this.precondition instanceof Precondition.None);
	}

	State state() {
		return this.state;
	}

	void written(Segment segment, long end, long sequence, IndexEntry previous, Segment.Waiter waiter) {
		this.segment = segment;
		this.discards = segment.discards();
		this.end = end;
		this.sequence = sequence;
		this.previous = previous;
		this.waiter = waiter;
		this.state = State.WRITTEN;
	}

	/** A delete of a key that is not there: nothing is written, nothing to wait for. */
	void absent() {
		this.absent = true;
		this.state = State.WRITTEN;
	}

	void failed(RuntimeException failure) {
		this.failure = failure;
		this.state = State.FAILED;
	}

	Segment segment() {
		return this.segment;
	}

	long end() {
		return this.end;
	}

	long sequence() {
		return this.sequence;
	}

	IndexEntry previous() {
		return this.previous;
	}

	/** Where the record starts in its segment. */
	long offset() {
		return this.end - this.record.remaining();
	}

	int discards() {
		return this.discards;
	}

	boolean isAbsent() {
		return this.absent;
	}

	RuntimeException failure() {
		return this.failure;
	}

	Segment.Waiter waiter() {
		return this.waiter;
	}

}
