package dev.kvstore.engine.log;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writers queue their puts and deletes here, and whichever of them takes the write lock
 * applies every write queued so far, in order, while the others park (the writer queue of
 * LevelDB and RocksDB, also called flat combining). A parked writer wakes once, when its
 * write is done (or, with {@code sync=always}, when its write is durable: the combiner
 * enrols it among the segment's fsync waiters instead of waking it).
 *
 * <p>
 * Why: with one lock that every writer takes in turn, 64 writers on two cores spent more
 * CPU handing the lock from one to the next (each hand-off a park and a wake) than on
 * their writes; here writers that arrive while the lock is held never wait for the lock
 * itself, and a combiner writes all their records with one system call.
 *
 * <p>
 * No write is left behind: a writer queues before it tries the lock, and every thread
 * that lets go of the lock looks at the queue afterwards and wakes its head, which then
 * tries the lock itself.
 */
final class WriteQueue {

	/**
	 * At most this many writes per turn of a combiner, so that a combiner under a steady
	 * stream of writers still gets back to its own caller.
	 */
	static final int MAX_BATCH = 1024;

	/** Applies queued writes; called with the write lock held. */
	interface Applier {

		/**
		 * Applies writes taken from {@code queue}, at most {@code limit}, setting the
		 * outcome of each before it returns.
		 * @return the last write it appended to the log, or {@code null} if none
		 */
		PendingWrite apply(WriteQueue queue, int limit);

	}

	private final ConcurrentLinkedQueue<PendingWrite> queue = new ConcurrentLinkedQueue<>();

	private final ReentrantLock lock;

	private final Applier applier;

	WriteQueue(ReentrantLock lock, Applier applier) {
		this.lock = lock;
		this.applier = applier;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/** The next queued write, or {@code null}; for the {@link Applier}. */
	PendingWrite poll() {
		return this.queue.poll();
	}

	/**
	 * Queues {@code write} and returns once it is no longer queued: applied by this
	 * thread or by another. An interrupt does not cut the wait short (a write may be in
	 * the file already) but is kept for the caller. The caller must call this with its
	 * interrupt flag clear: a combiner writes other writers' records.
	 * @return if this thread applied the queue, the last write it appended (which may be
	 * another writer's), else {@code null}
	 */
	PendingWrite submit(PendingWrite write) {
		this.queue.add(write);
		PendingWrite lastApplied = null;
		boolean interrupted = false;
		while (write.state() == PendingWrite.State.QUEUED) {
			if (this.lock.tryLock()) {
				try {
					PendingWrite appended = this.applier.apply(this, MAX_BATCH);
					if (appended != null) {
						lastApplied = appended;
					}
				}
				finally {
					unlock();
				}
			}
			else {
				LockSupport.park(this);
				interrupted |= Thread.interrupted();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return lastApplied;
	}

	/**
	 * Releases the write lock, then wakes the first queued writer, if any, to apply the
	 * queue: it may have found the lock taken and parked. Every holder of the write lock
	 * must release it through here.
	 */
	void unlock() {
		this.lock.unlock();
		PendingWrite head = this.queue.peek();
		if (head != null) {
			LockSupport.unpark(head.writer);
		}
	}

}
