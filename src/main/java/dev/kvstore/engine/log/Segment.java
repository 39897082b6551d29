package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
	 * The file was cut back after a failed append (or discarded ones), or should have
	 * been, and no force has made the cut durable: until one does, a power loss may bring
	 * back what lay beyond. Changed only by the appending thread.
	 */
	private boolean cutUnforced;

	/**
	 * Appends not yet in the file, with {@code sync=always}; {@code null} when every
	 * append is written at once, and once the segment takes no more appends.
	 */
	private volatile UnwrittenTail unwritten;

	/**
	 * How many times held appends were lost and discarded: a caller that read
	 * {@link #size} before a discard holds an end that later appends may reuse.
	 */
	private volatile Discard lastDiscard = new Discard(0, 0, null);

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
	 * Called by a leader that could not write the held appends, once it has left the
	 * group commit: the engine takes them out of its index and then calls
	 * {@link #discardLostAppends()}.
	 */
	private volatile Runnable heldAppendsLost = () -> {
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
	 * Makes appends wait in memory, up to {@code capacity} bytes, for the next fsync's
	 * leader to write them ({@link UnwrittenTail}). Only for {@code sync=always}, where
	 * no write is acknowledged before an fsync; {@code whenLost} is called (by the
	 * leader, outside the group commit) when they could not be written.
	 */
	void holdAppendsUntilSync(int capacity, Runnable whenLost) {
		this.unwritten = new UnwrittenTail(capacity);
		this.heldAppendsLost = whenLost;
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
		UnwrittenTail tail = this.unwritten;
		if (tail != null && tail.copy(offset, buffer)) {
			return buffer.flip();
		}
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
			UnwrittenTail tail = this.unwritten;
			if (tail == null || !tail.take(bytes, offset, records)) {
				if (tail != null) {
					// Too big to hold: the held bytes go first, so the file never has a
					// gap before a later append.
					tail.writeTo(withHandle());
				}
				withHandle().write(bytes, offset);
			}
		}
		catch (UnwrittenTail.HeldAppendsLostException ex) {
			// This append wrote nothing; the engine discards the lost ones.
			throw ex;
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
		// Nothing is held by now: the caller forced the segment up to its size.
		this.unwritten = null;
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
		return syncTo(end, null, discards());
	}

	/**
	 * As {@link #syncTo(long)}, for an {@code end} read under the engine's write lock
	 * when {@link #discards()} was {@code discardsSeen}: it fails if held appends were
	 * discarded since, as that end may now belong to later appends. {@code enrolled} is
	 * the writer's waiter if the {@link WriteQueue}'s combiner, which wrote its record,
	 * has already {@link #enrol enrolled} it, else {@code null}.
	 */
	int syncTo(long end, Waiter enrolled, int discardsSeen) throws IOException {
		if (enrolled == null && this.syncedSize >= end && discards() == discardsSeen) {
			return 0;
		}
		return syncUntil(end, enrolled, discardsSeen);
	}

	/** How many times lost appends were discarded so far. */
	int discards() {
		return this.lastDiscard.count();
	}

	/**
	 * Makes every append so far durable; safe against a discard of lost appends between
	 * reading the size and waiting for it.
	 */
	int syncAll() throws IOException {
		// The count first: a discard cuts the size before it counts itself.
		int discardsSeen = discards();
		return syncTo(this.size, null, discardsSeen);
	}

	private int syncUntil(long end, Waiter enrolled, int discardsSeen) throws IOException {
		Waiter waiter = enrolled;
		boolean byEnd = enrolled == null;
		int made = 0;
		boolean interrupted = false;
		try {
			while (true) {
				if (this.syncFailed) {
					throw new IOException("an earlier fsync of " + this.path.getFileName() + " failed");
				}
				throwIfLost(end, waiter, byEnd, discardsSeen);
				if (this.syncedSize >= end) {
					// Seen again: a discard fails the waiter before later appends can
					// reach its end.
					throwIfLost(end, waiter, byEnd, discardsSeen);
					return made;
				}
				// While lost appends await their discard, no one leads: the discard
				// forces what lies before them.
				if (lostAppendsFrom() == Long.MAX_VALUE && this.syncing.compareAndSet(false, true)) {
					made += lead();
					continue;
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
	 * Throws if the bytes up to {@code end} include held appends that could not be
	 * written: lost now, or already discarded. A writer enrolled by the combiner learns
	 * it from its waiter; a caller that only knows an {@code end} ({@code byEnd}) from
	 * the count of discards, as its end may have been cut off and appended to again.
	 */
	private void throwIfLost(long end, Waiter waiter, boolean byEnd, int discardsSeen) throws IOException {
		if (waiter != null && waiter.failure != null) {
			throw waiter.failure;
		}
		UnwrittenTail tail = this.unwritten;
		if (tail != null) {
			IOException lost = tail.failure();
			long from = tail.heldFrom();
			if (lost != null && end > from) {
				throw new UnwrittenTail.HeldAppendsLostException(from, lost);
			}
		}
		Discard last = this.lastDiscard;
		if (byEnd && last.count() != discardsSeen) {
			// After one discard an end before its start is still good; after more, the
			// earlier ones may have cut lower.
			if (last.count() != discardsSeen + 1 || end > last.from()) {
				throw new UnwrittenTail.HeldAppendsLostException(last.from(), last.cause());
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
		if (this.syncedSize >= end || lostAppendsFrom() != Long.MAX_VALUE || !this.syncing.compareAndSet(false, true)) {
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
		boolean lost = false;
		try {
			if (this.syncedSize < sizeCovered) {
				UnwrittenTail tail = this.unwritten;
				if (tail != null) {
					try {
						// Everything appended up to sizeCovered is held or in the file.
						tail.writeTo(withHandle());
					}
					catch (UnwrittenTail.HeldAppendsLostException ex) {
						// Nothing is forced now: part of the failed write may be in the
						// file, and a force would make it durable before the discard cuts
						// it off. The discard forces the appends before it instead.
						lost = true;
					}
				}
				if (!lost) {
					withHandle().force();
					batch = (int) (appendsCovered - this.syncedAppends);
					this.syncedAppends = appendsCovered;
					this.syncedSize = sizeCovered;
				}
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
		if (lost) {
			// Outside the group commit: the engine takes its write lock, whose holder
			// may be waiting here for an fsync, and has been woken to see the loss.
			this.heldAppendsLost.run();
		}
		return batch;
	}

	/** Where the appends held in memory start, or {@link Long#MAX_VALUE} if none are. */
	long unwrittenFrom() {
		UnwrittenTail tail = this.unwritten;
		return (tail != null) ? tail.heldFrom() : Long.MAX_VALUE;
	}

	/**
	 * Where held appends that could not be written start, or {@link Long#MAX_VALUE} if
	 * none were lost (or they are discarded already).
	 */
	long lostAppendsFrom() {
		UnwrittenTail tail = this.unwritten;
		return (tail != null && tail.failure() != null) ? tail.heldFrom() : Long.MAX_VALUE;
	}

	/**
	 * Forgets held appends that could not be written, once the engine has taken them out
	 * of its index: the segment ends where they began, durably, later appends go there,
	 * and their waiters fail with the disk's error. Called under the engine's write lock,
	 * so that nothing is appended meanwhile.
	 */
	void discardLostAppends() {
		UnwrittenTail tail = this.unwritten;
		IOException cause = (tail != null) ? tail.failure() : null;
		if (cause == null) {
			return;
		}
		// A leader that read the size before the loss was found may still be in lead():
		// it must not mark bytes past the cut as durable, so the discard waits for it.
		while (!this.syncing.compareAndSet(false, true)) {
			LockSupport.parkNanos(this, 20_000);
		}
		long from = tail.heldFrom();
		List<Waiter> lost = new ArrayList<>();
		boolean forced = false;
		try {
			this.appends -= tail.heldAppends();
			this.size = from;
			// Published after the cut: a caller that reads the count and then the size
			// sees either the cut or a count that tells it its end is stale.
			this.lastDiscard = new Discard(this.lastDiscard.count() + 1, from, cause);
			for (Iterator<Waiter> waiters = this.waiters.iterator(); waiters.hasNext();) {
				Waiter waiter = waiters.next();
				if (waiter.end > from) {
					waiter.released = true;
					waiters.remove();
					lost.add(waiter);
				}
			}
			tail.discard();
			this.cutUnforced = true;
			boolean cut = false;
			try {
				// Part of the held bytes may have reached the file. Later appends write
				// over them anyway, and the zeros written ahead of them start here again.
				this.handle.truncate(from);
				cut = true;
			}
			catch (IOException | RuntimeException ex) {
				// The next zeros written ahead cover what is left, and sealing cuts it.
			}
			this.allocated = from;
			// The cut, and the appends before it, which the failed leader left unforced.
			withHandle().force();
			this.cutUnforced = !cut;
			this.syncedAppends = this.appends;
			this.syncedSize = Math.max(this.syncedSize, from);
			forced = true;
		}
		catch (IOException | RuntimeException ex) {
			// As for any failed fsync: the file is not trusted again.
		}
		finally {
			if (!forced) {
				this.syncFailed = true;
			}
			this.syncing.set(false);
		}
		// Last, once the segment is whole again: an acknowledgement's callback may write.
		for (Waiter waiter : lost) {
			waiter.release(new UnwrittenTail.HeldAppendsLostException(from, cause));
		}
		wakeWaiters();
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
		long lostFrom = lostAppendsFrom();
		if (!failed) {
			boolean uncovered = false;
			Thread nextLeader = null;
			for (Waiter waiter : this.waiters) {
				if (lostFrom != Long.MAX_VALUE) {
					// Lost appends await their discard, which forces the bytes before
					// them and wakes their waiters. A parked writer of lost bytes wakes
					// now to see it (it may hold the write lock that the discard needs);
					// an acknowledgement waits for the discard.
					if (waiter.end > lostFrom && waiter.thread != null) {
						LockSupport.unpark(waiter.thread);
					}
				}
				else if (waiter.end > synced) {
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

		/** Why the waiter's bytes did not become durable, once they did not. */
		volatile IOException failure;

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
			this.failure = failure;
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

	/**
	 * The last discard of lost appends: how many there have been, where the last one cut
	 * the segment, and why its appends were lost. One object, so that a reader never
	 * pairs one discard's count with another's offset.
	 */
	private record Discard(int count, long from, IOException cause) {
	}

	/** Thrown by reads of a segment that compaction has replaced. */
	static final class RetiredSegmentException extends ClosedChannelException {

	}

}
