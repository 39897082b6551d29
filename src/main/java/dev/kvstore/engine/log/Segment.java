package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * One segment file: its handle, how many bytes it holds and how many of those are
 * garbage, and the group commit that makes its appends durable.
 *
 * <p>
 * Reads are positional and take no lock. Appends are made by one thread at a time (the
 * engine's write lock, or the compactor that owns an output); {@link #syncTo(long)} may
 * be called by any number of writers at once.
 */
final class Segment {

	/** What {@link #preallocate} writes: read-only, shared by every segment. */
	private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

	private final long id;

	private final Path path;

	private final short kind;

	private final FileIo io;

	private volatile FileHandle handle;

	/** Bytes of the file that hold complete records (the end of the last append). */
	private volatile long size;

	/**
	 * The file's length: {@link #size} plus the zeros written ahead of the appends.
	 * Changed only by the appending thread.
	 */
	private long allocated;

	/** Zeros to write ahead at a time; 0 while the segment preallocates nothing. */
	private long preallocation;

	/** Preallocation stops here: where the segment will be rotated. */
	private long preallocationLimit;

	/**
	 * The file was cut back after a failed append, or should have been, and no force has
	 * made the cut durable: until one does, a power loss may bring back what lay beyond.
	 * Changed only by the appending thread.
	 */
	private boolean cutUnforced;

	/** Bytes of the segment's hint file, 0 while it has none. */
	private volatile long hintBytes;

	/**
	 * Bytes of records that a compaction would drop: overwritten, deleted, tombstones.
	 */
	private final AtomicLong deadBytes = new AtomicLong();

	/**
	 * Appends so far, and the count an fsync has covered (written by the sync leader).
	 */
	private volatile long appends;

	private long syncedAppends;

	/** The file is durable up to here: set only by a successful force. */
	private volatile long syncedSize;

	/** Held by the one writer forcing the file (the leader of a group commit). */
	private final AtomicBoolean syncing = new AtomicBoolean();

	/**
	 * Writers waiting for an fsync to cover their appends, parked or with an
	 * acknowledgement to complete.
	 */
	private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

	/**
	 * Called by a leader that leaves acknowledgements uncovered and no parked writer to
	 * lead the next fsync for them; it must see that one starts.
	 */
	private volatile Runnable unledAcknowledgements = () -> {
	};

	/**
	 * A force failed: nothing written since the last good one can be trusted to be there.
	 */
	private volatile boolean syncFailed;

	/** Compaction replaced the segment: readers must look the key up again. */
	private volatile boolean retired;

	Segment(long id, Path path, short kind, FileIo io, FileHandle handle, long size) {
		this.id = id;
		this.path = path;
		this.kind = kind;
		this.io = io;
		this.handle = handle;
		this.size = size;
		this.allocated = size;
		this.syncedSize = size;
	}

	/**
	 * Makes appends write zeros ahead of themselves, {@code chunk} bytes at a time, up to
	 * {@code limit}, so that most fsyncs of this segment find its length unchanged.
	 *
	 * <p>
	 * Why: an fsync after an append that made the file longer must commit the new length
	 * to the file system's journal as well as the data; an fsync of bytes written over
	 * blocks that already hold zeros writes only the data. On ext4 here that halved the
	 * time of an fsync and raised durable puts by a third ({@code docs/benchmarks.md}).
	 * The zeros must be written, not merely reserved: a sparse or fallocated range still
	 * changes the file system's metadata on its first write. PostgreSQL zero-fills its
	 * WAL segments for the same reason.
	 */
	void preallocate(long chunk, long limit) {
		this.preallocation = chunk;
		this.preallocationLimit = limit;
	}

	/**
	 * Sets what starts an fsync for acknowledgements that the last fsync did not cover,
	 * when no parked writer is there to lead it (see {@link #syncUnlessRunning}).
	 */
	void whenAcknowledgementsAreUnled(Runnable startSync) {
		this.unledAcknowledgements = startSync;
	}

	long id() {
		return this.id;
	}

	Path path() {
		return this.path;
	}

	boolean isCompacted() {
		return this.kind == LogFormat.KIND_COMPACTED;
	}

	long size() {
		return this.size;
	}

	long hintBytes() {
		return this.hintBytes;
	}

	void setHintBytes(long hintBytes) {
		this.hintBytes = hintBytes;
	}

	long deadBytes() {
		return this.deadBytes.get();
	}

	void addDeadBytes(long bytes) {
		this.deadBytes.addAndGet(bytes);
	}

	/** Whether the segment holds nothing but its header. */
	boolean isEmpty() {
		return this.size <= LogFormat.FILE_HEADER_SIZE;
	}

	boolean syncFailed() {
		return this.syncFailed;
	}

	/**
	 * Reads {@code length} bytes at {@code offset}.
	 * @throws RetiredSegmentException if compaction has replaced the segment meanwhile
	 */
	ByteBuffer read(long offset, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		int read = withHandle().read(buffer, offset);
		if (read < length) {
			throw new MalformedDataException("record runs past the end of the file");
		}
		return buffer.flip();
	}

	/**
	 * Appends {@code record} at the end. On failure the file is cut back to where it was,
	 * so a later append never lands after half a record.
	 * @return the offset the record was written at
	 */
	long append(ByteBuffer record) throws IOException {
		return append(record, 1);
	}

	/**
	 * Appends {@code records} whole records, encoded one after the other in
	 * {@code bytes}, with one write.
	 * @return the offset the first record was written at
	 */
	long append(ByteBuffer bytes, int records) throws IOException {
		long offset = this.size;
		int length = bytes.remaining();
		try {
			if (offset + length > this.allocated && this.preallocation > 0) {
				writeZerosAhead(offset + length);
			}
			withHandle().write(bytes, offset);
		}
		catch (IOException ex) {
			this.cutUnforced = true;
			try {
				this.handle.truncate(offset);
				this.allocated = offset;
			}
			catch (IOException | RuntimeException truncateFailure) {
				ex.addSuppressed(truncateFailure);
			}
			throw ex;
		}
		this.size = offset + length;
		this.allocated = Math.max(this.allocated, this.size);
		this.appends += records;
		return offset;
	}

	/**
	 * Extends the file with zeros to at least {@code needed} bytes, a chunk ahead. When
	 * the disk cannot take the chunk, the append fails as if it could not take the
	 * record: a disk within a chunk of full is full.
	 */
	private void writeZerosAhead(long needed) throws IOException {
		long end = Math.max(needed, Math.min(this.allocated + this.preallocation, this.preallocationLimit));
		FileHandle current = withHandle();
		for (long at = this.allocated; at < end;) {
			ByteBuffer zeros = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), end - at));
			current.write(zeros, at);
			at += zeros.limit();
		}
		this.allocated = end;
	}

	/**
	 * Cuts off the zeros written ahead, durably, when the segment takes no more appends:
	 * only the newest write segment may end in zeros, which recovery cuts off; in an
	 * older segment they would read as damage. So the cut must be on disk before a newer
	 * segment exists. The same goes for a cut after a failed append: the zeros it took
	 * off may still be on disk.
	 */
	void trimPreallocation() throws IOException {
		this.preallocation = 0;
		if (this.allocated > this.size || this.cutUnforced) {
			FileHandle current = withHandle();
			current.truncate(this.size);
			current.force();
			this.allocated = this.size;
			this.cutUnforced = false;
		}
	}

	/**
	 * Makes every append up to {@code end} durable. Concurrent callers share the fsync
	 * (group commit): one caller at a time, the leader, forces the file, while the others
	 * park. When the force returns, the leader wakes exactly the waiters it made durable,
	 * and one waiter it did not cover to lead the next fsync, which covers everything
	 * appended meanwhile.
	 *
	 * <p>
	 * Why not a lock and a condition: {@code signalAll} wakes every waiter, and each must
	 * take the lock again before it can return, one after the other. With 64 writers on
	 * two cores that hand-off cost more CPU than the writes themselves. Here a waiter
	 * wakes only when it can return (or lead), and takes no lock to do so.
	 * @return the number of appends the fsync made durable, or 0 if no fsync was needed
	 */
	int syncTo(long end) throws IOException {
		return syncTo(end, null);
	}

	/**
	 * As {@link #syncTo(long)}, for a writer already {@link #enrol enrolled} among the
	 * waiters (by the {@link WriteQueue}'s combiner, which wrote its record).
	 */
	int syncTo(long end, Waiter enrolled) throws IOException {
		if (enrolled == null && this.syncedSize >= end) {
			return 0;
		}
		Waiter waiter = enrolled;
		boolean interrupted = false;
		try {
			while (true) {
				if (this.syncFailed) {
					throw new IOException("an earlier fsync of " + this.path.getFileName() + " failed");
				}
				if (this.syncedSize >= end) {
					return 0;
				}
				if (this.syncing.compareAndSet(false, true)) {
					return lead();
				}
				if (waiter == null) {
					// Registered before looking again: a leader that finishes after this
					// line sees the waiter, and one that finished before it has cleared
					// the flag, which the next turn of the loop sees.
					waiter = new Waiter(Thread.currentThread(), end);
					this.waiters.add(waiter);
					continue;
				}
				LockSupport.park(this);
				// A write must not be given up half way by an interrupt, which would
				// otherwise make park return at once, again and again.
				interrupted |= Thread.interrupted();
			}
		}
		finally {
			if (waiter != null && !waiter.released) {
				this.waiters.remove(waiter);
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * For a writer that does not wait, once the waiters of its appends up to {@code end}
	 * are {@link #enrol enrolled}: leads an fsync if none is running. If one is, this
	 * returns at once: when it ends, its leader sees the waiters, and wakes a parked one
	 * to lead the next fsync or, if none is parked, calls the action set by
	 * {@link #whenAcknowledgementsAreUnled}.
	 * @return the number of appends an fsync by this thread made durable, else 0
	 */
	int syncUnlessRunning(long end) throws IOException {
		if (this.syncFailed) {
			// Waiters enrolled after the failed fsync released its own waiters
			// learn of the failure here.
			wakeWaiters();
			throw new IOException("an earlier fsync of " + this.path.getFileName() + " failed");
		}
		if (this.syncedSize >= end || !this.syncing.compareAndSet(false, true)) {
			return 0;
		}
		return lead();
	}

	/**
	 * Forces the file as the group commit's leader, then wakes the waiters.
	 * @return the number of appends the fsync made durable
	 */
	private int lead() throws IOException {
		// Read the counters before forcing: whatever was appended by then is covered.
		long appendsCovered = this.appends;
		long sizeCovered = this.size;
		int batch = 0;
		boolean forced = false;
		try {
			if (this.syncedSize < sizeCovered) {
				withHandle().force();
				batch = (int) (appendsCovered - this.syncedAppends);
				this.syncedAppends = appendsCovered;
				this.syncedSize = sizeCovered;
			}
			forced = true;
		}
		finally {
			if (!forced) {
				// After a failed fsync the kernel may have dropped the dirty pages and a
				// later fsync can report success without them, so this file is never
				// trusted again.
				this.syncFailed = true;
			}
			this.syncing.set(false);
			wakeWaiters();
		}
		return batch;
	}

	/**
	 * Wakes the first parked waiter whose bytes are not durable yet, to lead the next
	 * fsync, and then releases every waiter whose bytes are; after a failure, every
	 * waiter, to see it. The next leader goes first: its fsync covers the writes that
	 * queued up meanwhile, and the sooner it starts, the sooner they return. With
	 * uncovered acknowledgements and no parked waiter, no writer would lead that fsync,
	 * so the segment asks for one.
	 */
	private void wakeWaiters() {
		long synced = this.syncedSize;
		boolean failed = this.syncFailed;
		if (!failed) {
			boolean uncovered = false;
			Thread nextLeader = null;
			for (Waiter waiter : this.waiters) {
				if (waiter.end > synced) {
					uncovered = true;
					if (waiter.thread != null) {
						nextLeader = waiter.thread;
						break;
					}
				}
			}
			if (nextLeader != null) {
				LockSupport.unpark(nextLeader);
			}
			else if (uncovered) {
				this.unledAcknowledgements.run();
			}
		}
		for (Iterator<Waiter> covered = this.waiters.iterator(); covered.hasNext();) {
			Waiter waiter = covered.next();
			if (failed || waiter.end <= synced) {
				// Taken out here rather than by the writer, so that the next leader
				// does not wake it again, perhaps in the middle of its next write.
				waiter.released = true;
				covered.remove();
				waiter.release(failed ? new IOException("an fsync of " + this.path.getFileName() + " failed") : null);
			}
		}
	}

	/** Whether every append is durable. */
	boolean isSynced() {
		return this.syncedSize >= this.size;
	}

	/** The open handle, for sequential scans. */
	FileHandle handle() throws IOException {
		return withHandle();
	}

	/**
	 * Cuts the file to {@code end} and forces the cut; recovery does this to a torn tail
	 * before anything is appended.
	 */
	void cutTo(long end) throws IOException {
		FileHandle current = withHandle();
		current.truncate(end);
		current.force();
		this.size = end;
		this.allocated = end;
		this.syncedSize = end;
	}

	/** Marks the segment replaced: later reads throw {@link RetiredSegmentException}. */
	void retire() {
		this.retired = true;
		close();
	}

	void close() {
		try {
			this.handle.close();
		}
		catch (IOException ex) {
			// Nothing more is written through it; its data was forced already.
		}
	}

	/**
	 * The open handle. A thread interrupted during an operation on a file channel closes
	 * it for every thread; a segment that is still in use reopens its file instead of
	 * failing every later read.
	 */
	private FileHandle withHandle() throws IOException {
		FileHandle current = this.handle;
		if (current.isOpen()) {
			return current;
		}
		synchronized (this) {
			if (this.retired) {
				throw new RetiredSegmentException();
			}
			if (!this.handle.isOpen()) {
				this.handle = this.io.open(this.path, FileIo.Mode.READ_WRITE);
			}
			return this.handle;
		}
	}

	/**
	 * Adds a writer to the waiters of the next fsync on its behalf, so that the fsync
	 * that covers {@code waiter.end} wakes it, and no one else needs to. The caller must
	 * then look at {@link #isSyncedTo} and wake the writer itself if an fsync finished
	 * before the waiter was seen.
	 */
	void enrol(Waiter waiter) {
		this.waiters.add(waiter);
	}

	/**
	 * Takes out a waiter that no fsync will release: one enrolled after the fsync that
	 * covered its bytes had ended.
	 */
	void withdraw(Waiter waiter) {
		this.waiters.remove(waiter);
	}

	boolean isSyncedTo(long end) {
		return this.syncedSize >= end;
	}

	/**
	 * A writer parked in {@link #syncTo(long)} until its bytes are durable, or the
	 * acknowledgement of a writer that went on without waiting, completed then.
	 */
	static final class Waiter {

		/** The parked writer, or {@code null} for an acknowledgement. */
		final Thread thread;

		/** Completed once the bytes are durable; {@code null} for a parked writer. */
		final CompletableFuture<Void> acknowledgement;

		final long end;

		/** Set by the leader that took the waiter out of the queue to wake it. */
		volatile boolean released;

		Waiter(Thread thread, long end) {
			this.thread = thread;
			this.acknowledgement = null;
			this.end = end;
		}

		Waiter(CompletableFuture<Void> acknowledgement, long end) {
			this.thread = null;
			this.acknowledgement = acknowledgement;
			this.end = end;
		}

		/**
		 * Wakes the parked writer (which looks for itself whether its fsync failed), or
		 * completes the acknowledgement, with {@code failure} if the fsync failed.
		 */
		void release(IOException failure) {
			if (this.thread != null) {
				LockSupport.unpark(this.thread);
			}
			else if (failure == null) {
				this.acknowledgement.complete(null);
			}
			else {
				this.acknowledgement.completeExceptionally(failure);
			}
		}

	}

	/** Thrown by reads of a segment that compaction has replaced. */
	static final class RetiredSegmentException extends ClosedChannelException {

	}

}
