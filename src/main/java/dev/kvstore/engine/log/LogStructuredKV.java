package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.kvstore.engine.CompactionInProgressException;
import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.EngineClosedException;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.StorageFullException;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.WriteResult;
import dev.kvstore.engine.io.DirectoryLock;
import dev.kvstore.engine.io.DiskFull;

/**
 * The log-structured engine, in the manner of Bitcask: every put and delete is appended
 * to the active segment, an in-memory index maps each key to its newest record, and
 * compaction rewrites old segments without their garbage. {@code docs/design.md} tells
 * the whole story; {@link LogFormat} has the bytes.
 *
 * <p>
 * Writes go through a {@link WriteQueue}: whichever writer holds the write lock applies
 * every queued write in order (precondition check, append, index update, so conditional
 * writes are atomic), gathering their records into one system call. The fsync that makes
 * them durable happens after the lock is released, shared by every writer waiting for it.
 * Reads take no lock: one index lookup and one positional read, checked against the
 * record's CRC.
 */
public final class LogStructuredKV implements StorageEngine {

	/**
	 * The active segment writes zeros this far ahead of its appends, so that most fsyncs
	 * leave its length alone ({@link Segment#preallocate}). 1 MiB is about 8,000 records
	 * of 100 bytes: one journal commit per 8,000 writes instead of one per fsync.
	 */
	static final long PREALLOCATION_CHUNK = 1L << 20;

	/**
	 * With {@code sync=never}, the active segment is forced in the background once this
	 * many of its bytes are not. A rotation must force the old segment before the next
	 * one takes a write, under the write lock; forcing the 64 MB the OS had kept in its
	 * cache stalled every writer for 64 to 135 ms, now 2 to 4
	 * ({@code docs/benchmarks.md}). RocksDB's {@code bytes_per_sync} is the same idea. It
	 * only adds durability.
	 */
	static final long BACKGROUND_SYNC_BYTES = 4L << 20;

	/**
	 * With {@code sync=always}, appends wait in memory for the next fsync up to this many
	 * bytes ({@link UnwrittenTail}): between two fsyncs a few kilobytes gather, and an
	 * append that does not fit is written at once, as without it.
	 */
	static final int UNWRITTEN_TAIL_CAPACITY = 1 << 20;

	/**
	 * The most bytes a combiner gathers for one write: far more than a queue of small
	 * records ever holds, and a bigger record is written on its own anyway.
	 */
	static final int BATCH_BYTES = 256 * 1024;

	/**
	 * Zeros are written ahead only where fsyncs are frequent: with {@code sync=never}
	 * nothing forces the segment before rotation, and writing every byte twice into the
	 * page cache cost single-threaded puts 10 to 15 % ({@code docs/benchmarks.md}).
	 */
	private static long preallocationChunk(LogOptions options) {
		return (options.sync() == SyncMode.NEVER) ? 0 : PREALLOCATION_CHUNK;
	}

	/** Reads retry this often when compaction moves their record under them. */
	private static final int READ_ATTEMPTS = 16;

	private final LogOptions options;

	private final SegmentFiles files;

	private final DirectoryLock lock;

	private final KeyIndex index;

	private final Segments segments;

	private final Compactor compactor;

	private final LogMaintenance maintenance;

	/**
	 * Guards appends to the active segment, rotation and the sequence counter. Released
	 * only through {@link WriteQueue#unlock()}, which wakes any writer queued meanwhile.
	 */
	private final ReentrantLock writeLock = new ReentrantLock();

	private final WriteQueue writes = new WriteQueue(this.writeLock, this::applyQueued);

	/** The records a combiner has stamped but not yet appended; under the write lock. */
	private final WriteBatch batch = new WriteBatch(BATCH_BYTES);

	/** The last write appended in a combiner's turn; under the write lock. */
	private PendingWrite lastAppended;

	/**
	 * The writes whose records the active segment may still hold unwritten, oldest first,
	 * to be undone if those records cannot be written; under the write lock.
	 */
	private final ArrayDeque<PendingWrite> heldWrites = new ArrayDeque<>();

	/**
	 * How many times writes were undone because their held records could not be written:
	 * a compaction that sees it change does not delete its inputs.
	 */
	private final AtomicLong undoRounds = new AtomicLong();

	private final ReentrantLock compactionLock = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicLong syncBatches = new AtomicLong();

	private final AtomicLong syncedWrites = new AtomicLong();

	private volatile Segment active;

	/** The next sequence number; changed only under the write lock. */
	private volatile long nextSequence;

	/** Set when an fsync failed: writes stay refused until the store is reopened. */
	private volatile StorageException writeFailure;

	private LogStructuredKV(LogOptions options, SegmentFiles files, DirectoryLock lock, KeyIndex index,
			Recovery.Result recovered) throws IOException {
		this.options = options;
		this.files = files;
		this.lock = lock;
		this.index = index;
		this.segments = recovered.segments();
		this.nextSequence = recovered.nextSequence();
		this.compactor = new Compactor(options, files, this.segments, index, () -> this.nextSequence, this.closed::get,
				this::syncActive, this.undoRounds::get);
		this.maintenance = new LogMaintenance(this, options);
		List<Segment> needHints = new ArrayList<>(recovered.withoutHints());
		Segment last = recovered.lastWriteSegment();
		if (last != null && last.size() < options.segmentSize()) {
			this.active = last;
		}
		else {
			this.active = this.segments.createWriteSegment(this.nextSequence);
			if (last != null) {
				needHints.add(last);
			}
		}
		prepareForAppends(this.active);
		needHints.forEach(this.maintenance::writeHintLater);
	}

	/**
	 * Opens (or creates) the store in {@code options.directory()}, recovering whatever a
	 * crash left.
	 * @throws dev.kvstore.engine.DataDirectoryLockedException if another process has it
	 * open
	 * @throws CorruptionException naming file and offset if {@link RecoveryMode#STRICT}
	 * finds damage
	 */
	public static LogStructuredKV open(LogOptions options) {
		SegmentFiles files = new SegmentFiles(options.directory());
		try {
			options.io().createDirectoriesDurably(options.directory());
		}
		catch (IOException ex) {
			throw new StorageException("cannot create data directory " + options.directory(), ex);
		}
		DirectoryLock lock = DirectoryLock.acquire(files.lock());
		try {
			KeyIndex index = new CompactIndex();
			Recovery.Result recovered = new Recovery(options, files, index).run();
			LogStructuredKV engine = new LogStructuredKV(options, files, lock, index, recovered);
			engine.maintenance.start();
			if (recovered.damaged()) {
				// Salvage: rewrite the damaged segments now, not at every start.
				engine.compact();
			}
			return engine;
		}
		catch (IOException | RuntimeException ex) {
			lock.close();
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw failure("opening " + options.directory(), (IOException) ex);
		}
	}

	@Override
	public String name() {
		return "log";
	}

	@Override
	public Optional<VersionedValue> get(byte[] key) {
		checkOpen();
		this.options.limits().checkKey(key);
		for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
			IndexEntry entry = this.index.get(key);
			if (entry == null) {
				return Optional.empty();
			}
			Segment segment = this.segments.get(entry.segmentId());
			if (segment == null) {
				continue; // compaction replaced it; the index points elsewhere now
			}
			String problem;
			try {
				LogRecord record = RecordCodec.decode(segment.read(entry.offset(), entry.size()));
				if (!record.tombstone() && record.sequence() == entry.sequence() && Arrays.equals(record.key(), key)) {
					return Optional.of(new VersionedValue(record.value(), record.sequence()));
				}
				problem = "record does not match the index";
			}
			catch (ClosedByInterruptException ex) {
				throw new StorageException("read interrupted", ex);
			}
			catch (ClosedChannelException ex) {
				checkOpen();
				continue; // retired by compaction between the lookup and the read
			}
			catch (IOException ex) {
				throw failure("reading " + segment.path(), ex);
			}
			catch (MalformedDataException ex) {
				problem = ex.getMessage();
			}
			if (!entry.equals(this.index.get(key))) {
				// The write it pointed at was undone meanwhile and its place in the
				// segment taken by a later one (see undoLostWrites).
				continue;
			}
			throw new CorruptionException(segment.path(), entry.offset(), problem);
		}
		throw new StorageException("the record of a key kept moving; try again");
	}

	@Override
	public WriteResult put(byte[] key, byte[] value, Precondition precondition) {
		PendingWrite write = pendingPut(key, value, precondition, null);
		submit(write);
		return writeResult(write);
	}

	@Override
	public boolean delete(byte[] key, Precondition precondition) {
		PendingWrite write = pendingDelete(key, precondition, null);
		submit(write);
		return !write.isAbsent();
	}

	/**
	 * With {@code sync=always}, returns once the write is applied, before its fsync: the
	 * acknowledgement completes once the fsync that covers it ends, on the thread that
	 * led it. Otherwise as {@link #put(byte[], byte[], Precondition)}.
	 */
	@Override
	public CompletableFuture<WriteResult> putAcknowledged(byte[] key, byte[] value, Precondition precondition) {
		if (this.options.sync() != SyncMode.ALWAYS) {
			return CompletableFuture.completedFuture(put(key, value, precondition));
		}
		PendingWrite write = pendingPut(key, value, precondition, new CompletableFuture<>());
		submitWithoutWaiting(write);
		return acknowledgement(write, writeResult(write));
	}

	/** As {@link #putAcknowledged}, for a delete. */
	@Override
	public CompletableFuture<Boolean> deleteAcknowledged(byte[] key, Precondition precondition) {
		if (this.options.sync() != SyncMode.ALWAYS) {
			return CompletableFuture.completedFuture(delete(key, precondition));
		}
		PendingWrite write = pendingDelete(key, precondition, new CompletableFuture<>());
		submitWithoutWaiting(write);
		if (write.isAbsent()) {
			return CompletableFuture.completedFuture(false);
		}
		return acknowledgement(write, true);
	}

	/**
	 * A put checked and encoded outside any lock, for the queue; {@code acknowledgement}
	 * is {@code null} for a writer that waits.
	 */
	private PendingWrite pendingPut(byte[] key, byte[] value, Precondition precondition,
			CompletableFuture<Void> acknowledgement) {
		checkOpen();
		this.options.limits().checkKey(key);
		this.options.limits().checkValue(value);
		byte[] ownKey = key.clone();
		return new PendingWrite(ownKey, RecordCodec.encodeUnstamped(ownKey, value, false), precondition, false,
				acknowledgement);
	}

	/** As {@link #pendingPut}, for a delete. */
	private PendingWrite pendingDelete(byte[] key, Precondition precondition, CompletableFuture<Void> acknowledgement) {
		checkOpen();
		this.options.limits().checkKey(key);
		byte[] ownKey = key.clone();
		return new PendingWrite(ownKey, RecordCodec.encodeUnstamped(ownKey, new byte[0], true), precondition, true,
				acknowledgement);
	}

	private static WriteResult writeResult(PendingWrite write) {
		return new WriteResult(write.sequence(), write.previous() == null);
	}

	private <T> CompletableFuture<T> acknowledgement(PendingWrite write, T result) {
		Segment segment = write.segment();
		return write.acknowledgement.handle((durable, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause instanceof UnwrittenTail.HeldAppendsLostException lost) {
					throw failure("appending to " + segment.path(), lost);
				}
				throw (cause instanceof IOException io) ? failure("forcing " + segment.path(), io)
						: new StorageException("forcing " + segment.path() + " failed", cause);
			}
			return result;
		});
	}

	/**
	 * Queues the write and returns once it is applied, leaving its acknowledgement among
	 * the fsync's waiters.
	 */
	private void submitWithoutWaiting(PendingWrite write) {
		boolean interrupted = Thread.interrupted();
		try {
			PendingWrite lastCombined = this.writes.submit(write);
			interrupted |= Thread.interrupted();
			if (lastCombined != null) {
				// This thread enrolled the waiters of the writes it applied, so an
				// fsync must start for them: here, or once the running one ends.
				syncUnlessRunning(lastCombined.segment(), lastCombined.end());
				interrupted |= Thread.interrupted();
			}
			if (write.state() == PendingWrite.State.FAILED) {
				throw write.failure();
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void syncUnlessRunning(Segment segment, long end) {
		try {
			recordSync(segment.syncUnlessRunning(end));
		}
		catch (IOException ex) {
			// The waiters learn of it from their own acknowledgements.
			syncFailure(segment, ex);
		}
	}

	/**
	 * Queues the write and returns once it is applied and, with {@code sync=always},
	 * durable.
	 */
	private void submit(PendingWrite write) {
		// A thread interrupted during I/O closes the file channel for every thread, so
		// with the flag set this thread's batch or fsync would fail other writers too:
		// the interrupt is set aside until this write is done, and then kept.
		boolean interrupted = Thread.interrupted();
		try {
			PendingWrite lastCombined = this.writes.submit(write);
			interrupted |= Thread.interrupted();
			boolean durable = this.options.sync() == SyncMode.ALWAYS;
			if (durable && lastCombined != null) {
				// This thread enrolled other writers among the fsync's waiters: if no
				// fsync runs, none starts for them unless this thread leads one.
				syncQuietly(lastCombined);
				interrupted |= Thread.interrupted();
			}
			if (write.state() == PendingWrite.State.FAILED) {
				throw write.failure();
			}
			if (durable && !write.isAbsent()) {
				// At once if the fsync above covered it; a writer enrolled by another
				// combiner comes here even so, to leave the waiters.
				syncActiveTo(write.segment(), write.end(), write.waiter(), write.discards());
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Makes {@code appended} durable for the writers enrolled with it; a failure is
	 * theirs to see, from their own segment.
	 */
	private void syncQuietly(PendingWrite appended) {
		try {
			syncActiveTo(appended.segment(), appended.end(), null, appended.discards());
		}
		catch (StorageException ex) {
			// Every writer learns of a failed fsync from its own segment.
		}
	}

	/**
	 * Applies up to {@code limit} queued writes in order, as the {@link WriteQueue}'s
	 * combiner, under the write lock; every write taken from the queue has its outcome
	 * when this returns.
	 * @return the last write appended, or {@code null} if none was
	 */
	private PendingWrite applyQueued(WriteQueue queue, int limit) {
		this.lastAppended = null;
		// Before any write reads the index: it must not see a write that failed.
		undoLostWritesLocked(this.active);
		int applied = 0;
		try {
			// Writers that queue while the batch is being written join the next batch of
			// the same turn: waking one of them to apply it would cost it a second park.
			while (applied < limit && !queue.isEmpty()) {
				for (PendingWrite write = queue.poll(); write != null; write = queue.poll()) {
					try {
						checkWritable();
						apply(write);
					}
					catch (IOException ex) {
						finish(write, failure("appending to " + this.active.path(), ex));
					}
					catch (RuntimeException ex) {
						finish(write, ex);
					}
					catch (Error ex) {
						// No one else would give its writer an outcome.
						finish(write, failed(ex));
						throw ex;
					}
					if (++applied == limit) {
						break;
					}
				}
				flushBatch();
			}
		}
		catch (Error ex) {
			// The writes gathered but not appended fail (nothing of them is in the file),
			// and the writers enrolled in this turn get the fsync that only this thread
			// would start for them.
			finishUnfinished(this.batch.writes(), failed(ex));
			this.batch.clear();
			if (this.options.sync() == SyncMode.ALWAYS && this.lastAppended != null) {
				syncQuietly(this.lastAppended);
			}
			throw ex;
		}
		return this.lastAppended;
	}

	/**
	 * Checks a write's precondition and adds its record to the batch. A write that reads
	 * the index first has every earlier write appended, so that it sees them.
	 */
	private void apply(PendingWrite write) throws IOException {
		if (write.readsIndex()) {
			flushBatch();
			// The index must not show writes that failed (lost since this turn began).
			undoLostWritesLocked(this.active);
			IndexEntry current = this.index.get(write.key);
			if (!write.precondition.test((current != null) ? current.sequence() : null)) {
				throw new PreconditionFailedException(
						(current == null) ? "the key is absent" : "the key's current version is " + current.sequence());
			}
			if (write.tombstone && current == null) {
				write.absent();
				wake(write);
				return;
			}
		}
		int size = write.record.remaining();
		long end = this.active.size() + this.batch.bytes();
		if (end > LogFormat.FILE_HEADER_SIZE && end + size > this.options.segmentSize()) {
			flushBatch();
			rotate();
		}
		if (!this.batch.canTake(size)) {
			flushBatch();
		}
		RecordCodec.stamp(write.record, this.nextSequence + this.batch.count());
		this.batch.add(write);
	}

	/**
	 * Appends the batch to the active segment with one write, then updates the index
	 * (never before: a reader that finds a record in the index must find its bytes in the
	 * file) and hands each writer its outcome. If the write fails, the segment is cut
	 * back and no write of the batch happened.
	 */
	private void flushBatch() {
		if (this.batch.isEmpty()) {
			return;
		}
		Segment segment = this.active;
		List<PendingWrite> batched = this.batch.writes();
		try {
			long offset = segment.append(this.batch.contents(), batched.size());
			if (this.options.sync() == SyncMode.ALWAYS) {
				// Before the index changes: an undo must see every write that made one.
				holdUntilWritten(segment, batched);
			}
			long sequence = this.nextSequence;
			this.nextSequence = sequence + batched.size();
			for (PendingWrite write : batched) {
				int size = write.record.remaining();
				IndexEntry previous = updateIndex(write, segment, offset, size, sequence);
				offset += size;
				written(write, segment, offset, sequence++, previous);
			}
			this.lastAppended = batched.get(batched.size() - 1);
			if (this.options.sync() == SyncMode.NEVER && !segment.isSyncedTo(segment.size() - BACKGROUND_SYNC_BYTES)) {
				this.maintenance.syncSoon();
			}
		}
		catch (IOException ex) {
			for (PendingWrite write : batched) {
				finish(write, failure("appending to " + segment.path(), ex));
			}
			// Records held before this batch could not be written either.
			undoLostWritesLocked(segment);
		}
		catch (RuntimeException ex) {
			// Unchecked, from the file system or the index: the writers not yet handed an
			// outcome get this one, or they would wait for good.
			finishUnfinished(batched, ex);
		}
		catch (Error ex) {
			finishUnfinished(batched, failed(ex));
			throw ex;
		}
		finally {
			this.batch.clear();
		}
	}

	/**
	 * Keeps the writes just appended for as long as the segment may hold their records
	 * unwritten, and lets go of those whose records are in the file now.
	 */
	private void holdUntilWritten(Segment segment, List<PendingWrite> appended) {
		long heldFrom = segment.unwrittenFrom();
		for (PendingWrite oldest = this.heldWrites.peekFirst(); oldest != null
				&& (oldest.segment() != segment || oldest.offset() < heldFrom); oldest = this.heldWrites.peekFirst()) {
			this.heldWrites.pollFirst();
		}
		if (heldFrom != Long.MAX_VALUE) {
			this.heldWrites.addAll(appended);
		}
	}

	private IndexEntry updateIndex(PendingWrite write, Segment segment, long offset, int size, long sequence) {
		IndexEntry previous;
		if (write.tombstone) {
			previous = this.index.remove(write.key);
			segment.addDeadBytes(size); // a tombstone is garbage from the start
		}
		else {
			previous = this.index.put(write.key, new IndexEntry(segment.id(), offset, size, sequence));
		}
		if (previous != null) {
			Segment owner = this.segments.get(previous.segmentId());
			if (owner != null) {
				owner.addDeadBytes(previous.size());
			}
		}
		return previous;
	}

	/**
	 * Hands a writer its appended write. With {@code sync=always} the writer stays
	 * parked: it is enrolled among the segment's fsync waiters, so that it wakes once,
	 * when its record is durable, instead of twice.
	 */
	private void written(PendingWrite write, Segment segment, long end, long sequence, IndexEntry previous) {
		if (write.acknowledgement != null) {
			acknowledgeWhenDurable(write, segment, end, sequence, previous);
			return;
		}
		if (write.writer == Thread.currentThread() || this.options.sync() != SyncMode.ALWAYS) {
			write.written(segment, end, sequence, previous, null);
			wake(write);
			return;
		}
		// Enrolled before the state says written, so that a writer that sees it written
		// finds its waiter in the queue, to take out again.
		Segment.Waiter waiter = new Segment.Waiter(write.writer, end);
		segment.enrol(waiter);
		write.written(segment, end, sequence, previous, waiter);
		// An fsync that finished before the waiter was enrolled did not wake it: but it
		// had marked its bytes durable, which shows here.
		if (segment.isSyncedTo(end)) {
			LockSupport.unpark(write.writer);
		}
	}

	/**
	 * Hands a writer that does not wait its appended write, with its acknowledgement
	 * enrolled among the segment's fsync waiters, and wakes it.
	 */
	private void acknowledgeWhenDurable(PendingWrite write, Segment segment, long end, long sequence,
			IndexEntry previous) {
		Segment.Waiter waiter = new Segment.Waiter(write.acknowledgement, end);
		segment.enrol(waiter);
		write.written(segment, end, sequence, previous, waiter);
		if (segment.isSyncedTo(end)) {
			// Covered by an fsync that ended before the waiter was enrolled.
			segment.withdraw(waiter);
			write.acknowledgement.complete(null);
		}
		wake(write);
	}

	private void finish(PendingWrite write, RuntimeException failure) {
		write.failed(failure);
		wake(write);
	}

	/**
	 * Fails the writes of {@code writes} not yet handed an outcome. If the failure came
	 * after the append, their records are in the file all the same and come back after a
	 * restart: the outcome of a failed write is unknown, as after a crash.
	 */
	private void finishUnfinished(List<PendingWrite> writes, RuntimeException failure) {
		for (PendingWrite write : writes) {
			if (write.state() == PendingWrite.State.QUEUED) {
				finish(write, failure);
			}
		}
	}

	private static StorageException failed(Error error) {
		return new StorageException("write failed: " + error, error);
	}

	/** Wakes a writer parked in the queue, unless it is this thread, the combiner. */
	private static void wake(PendingWrite write) {
		if (write.writer != Thread.currentThread()) {
			LockSupport.unpark(write.writer);
		}
	}

	/** Starts a new active segment; called under the write lock. */
	private void rotate() throws IOException {
		Segment old = this.active;
		undoLostWritesLocked(old);
		// Force the old segment before any write goes to the new one, whatever the sync
		// mode: then a power loss leaves a prefix of the writes, never a later file
		// without an earlier one's tail.
		try {
			recordSync(old.syncAll());
		}
		catch (IOException ex) {
			if (old.syncFailed()) {
				throw ex;
			}
			// Held appends were lost in this very fsync, and are discarded by now (or
			// here): the segment ends before them, and the force is tried once more.
			undoLostWritesLocked(old);
			recordSync(old.syncAll());
		}
		old.trimPreallocation();
		this.heldWrites.clear();
		this.active = this.segments.createWriteSegment(this.nextSequence);
		prepareForAppends(this.active);
		this.maintenance.writeHintLater(old);
		this.maintenance.checkCompactionLater();
	}

	/** Sets up the segment that takes the appends from now on. */
	private void prepareForAppends(Segment segment) {
		segment.preallocate(preallocationChunk(this.options), this.options.segmentSize());
		if (this.options.sync() == SyncMode.ALWAYS) {
			segment.holdAppendsUntilSync((int) Math.min(UNWRITTEN_TAIL_CAPACITY, this.options.segmentSize()),
					() -> undoLostWrites(segment));
		}
		segment.whenAcknowledgementsAreUnled(this.maintenance::syncSoon);
	}

	/**
	 * Forces {@code segment} up to {@code end}, which the caller read when the segment's
	 * count of discards was {@code discards}.
	 */
	void syncActiveTo(Segment segment, long end, Segment.Waiter enrolled, int discards) {
		try {
			recordSync(segment.syncTo(end, enrolled, discards));
		}
		catch (IOException ex) {
			throw syncFailure(segment, ex);
		}
	}

	/**
	 * A failed fsync stops writes until reopening. Held appends that could not be written
	 * fail only their own writes, which are undone ({@link #undoLostWrites}).
	 */
	private StorageException syncFailure(Segment segment, IOException ex) {
		if (!segment.syncFailed()) {
			return failure("appending to " + segment.path(), ex);
		}
		stopWrites(ex);
		return failure("forcing " + segment.path(), ex);
	}

	/**
	 * Called by the fsync's leader when the records that {@code segment} held for it
	 * could not be written: takes the write lock and undoes their writes.
	 */
	private void undoLostWrites(Segment segment) {
		this.writeLock.lock();
		try {
			undoLostWritesLocked(segment);
		}
		finally {
			this.writes.unlock();
		}
	}

	/**
	 * Undoes, newest first, the writes whose held records could not be written: each key
	 * goes back to the entry its write replaced, and the dead bytes with it. Then the
	 * segment forgets those records and fails their writers. Under the write lock, so
	 * that no write is applied meanwhile; does nothing if nothing was lost, so any holder
	 * of the lock may call it.
	 *
	 * <p>
	 * The entries put back are still valid: a compaction deletes its inputs only after it
	 * has forced the active segment, which writes the held records first, and it keeps
	 * its inputs if writes were undone while it ran ({@link Compactor}).
	 */
	private void undoLostWritesLocked(Segment segment) {
		long from = segment.lostAppendsFrom();
		if (from == Long.MAX_VALUE) {
			return;
		}
		// A compaction reads the count under the write lock too, before it scans: if it
		// sees the same count after forcing the active segment, no entry was put back
		// while it ran.
		this.undoRounds.incrementAndGet();
		boolean consistent = true;
		try {
			for (Iterator<PendingWrite> newestFirst = this.heldWrites.descendingIterator(); newestFirst.hasNext();) {
				PendingWrite write = newestFirst.next();
				if (write.state() != PendingWrite.State.WRITTEN) {
					continue; // failed before its index entry was made
				}
				if (write.segment() != segment || write.offset() < from) {
					break; // written before the lost ones
				}
				consistent &= undo(write, segment);
			}
		}
		finally {
			this.heldWrites.clear();
			segment.discardLostAppends();
		}
		if (segment.syncFailed()) {
			stopWrites(
					new IOException("forcing " + segment.path() + " after cutting off appends that were lost failed"));
		}
		else if (!consistent) {
			// Cannot happen by the reasoning above; if it did, the index no longer
			// matches the files, and only reopening rebuilds it from them.
			stopWrites(new IOException("undoing writes whose records could not be written left the index unsure"));
		}
	}

	/**
	 * Puts back the index entry that {@code write} replaced.
	 * @return whether the index was as the write left it
	 */
	private boolean undo(PendingWrite write, Segment segment) {
		int size = write.record.remaining();
		IndexEntry current = this.index.get(write.key);
		boolean asLeft;
		if (write.tombstone) {
			asLeft = current == null;
			segment.addDeadBytes(-size);
		}
		else {
			asLeft = new IndexEntry(segment.id(), write.offset(), size, write.sequence()).equals(current);
		}
		IndexEntry previous = write.previous();
		if (previous == null) {
			this.index.remove(write.key);
			return asLeft;
		}
		this.index.put(write.key, previous);
		Segment owner = this.segments.get(previous.segmentId());
		if (owner == null) {
			return false;
		}
		owner.addDeadBytes(-previous.size());
		return asLeft;
	}

	private void stopWrites(IOException fsyncFailure) {
		this.writeFailure = new StorageException(
				"writes are stopped because an fsync failed; reopen the store once the disk is healthy", fsyncFailure);
	}

	/**
	 * Forces the active segment up to its last append: for the periodic sync of
	 * {@link SyncMode#INTERVAL}, and before a compaction deletes its inputs.
	 */
	void syncActive() {
		Segment segment = this.active;
		try {
			recordSync(segment.syncAll());
		}
		catch (IOException ex) {
			throw syncFailure(segment, ex);
		}
	}

	private void recordSync(int writes) {
		if (writes > 0) {
			this.syncBatches.incrementAndGet();
			this.syncedWrites.addAndGet(writes);
			this.options.listener().onSync(writes);
		}
	}

	@Override
	public KeyPage list(byte[] prefix, byte[] after, int limit) {
		checkOpen();
		return this.index.list(prefix, after, limit);
	}

	@Override
	public CompactionReport compact() {
		checkOpen();
		if (!this.compactionLock.tryLock()) {
			throw new CompactionInProgressException();
		}
		try {
			checkOpen();
			long start = System.nanoTime();
			int segmentsBefore = this.segments.count();
			long bytesBefore = this.segments.diskBytes();
			List<Segment> inputs = new ArrayList<>();
			long undoRoundsBefore;
			this.writeLock.lock();
			try {
				checkWritable();
				// Rewriting files with no garbage would only cost I/O and a segment.
				boolean garbage = this.segments.deadBytes() > 0;
				if (garbage && !this.active.isEmpty()) {
					rotate();
				}
				for (Segment segment : this.segments.all()) {
					if (garbage && segment != this.active) {
						inputs.add(segment);
					}
				}
				// Under the write lock, so never in the middle of an undo.
				undoRoundsBefore = this.undoRounds.get();
			}
			finally {
				this.writes.unlock();
			}
			if (!inputs.isEmpty()) {
				this.compactor.run(inputs, undoRoundsBefore);
			}
			CompactionReport report = new CompactionReport(name(), segmentsBefore, this.segments.count(), bytesBefore,
					this.segments.diskBytes(), this.index.size(), (System.nanoTime() - start) / 1_000_000);
			this.options.listener().onCompaction(report);
			return report;
		}
		catch (IOException ex) {
			throw failure("compacting " + this.files.directory(), ex);
		}
		finally {
			this.compactionLock.unlock();
		}
	}

	/** Compacts if enough is reclaimable; for the automatic compaction. */
	void compactIfWorthIt() {
		double ratio = this.options.compactionRatio();
		long dead = this.segments.deadBytes();
		long disk = this.segments.diskBytes();
		if (ratio > 0 && dead >= this.options.compactionMinBytes() && dead >= ratio * disk && !isClosed()) {
			try {
				compact();
			}
			catch (CompactionInProgressException ex) {
				// a manual one is running: it does the job
			}
		}
	}

	/** Writes the hint file of an immutable segment, unless compaction replaced it. */
	void writeHint(Segment segment) throws IOException {
		if (this.segments.get(segment.id()) != segment || segment == this.active) {
			return;
		}
		List<HintEntry> entries = new ArrayList<>();
		SegmentScanner.Result result = SegmentScanner.scan(segment.handle(), LogFormat.FILE_HEADER_SIZE, segment.size(),
				(offset, raw,
						record) -> entries.add(new HintEntry(record.sequence(), offset,
								raw.remaining() - LogFormat.RECORD_HEADER_SIZE - record.key().length, record.key(),
								record.tombstone())));
		if (!result.complete()) {
			throw new CorruptionException(segment.path(), result.end(), result.problem());
		}
		HintFiles.write(this.options.io(), this.files, segment.id(), this.nextSequence, entries);
		segment.setHintBytes(this.options.io().size(this.files.hint(segment.id())));
	}

	@Override
	public Optional<String> writeFailure() {
		StorageException failure = this.writeFailure;
		return (failure != null) ? Optional.of(failure.getMessage()) : Optional.empty();
	}

	@Override
	public EngineStats stats() {
		checkOpen();
		return new EngineStats(this.index.size(), this.segments.count(), this.segments.diskBytes(),
				this.segments.deadBytes(), this.syncBatches.get(), this.syncedWrites.get(),
				this.index.estimatedMemoryBytes());
	}

	boolean isClosed() {
		return this.closed.get();
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.maintenance.stop();
		// Wait for a running compaction: it sees the flag and stops at the next segment.
		this.compactionLock.lock();
		this.writeLock.lock();
		try {
			Segment segment = this.active;
			undoLostWritesLocked(segment);
			if (this.writeFailure == null && !segment.isSynced()) {
				// Whatever the sync mode, a clean close leaves every write on disk.
				recordSync(segment.syncAll());
			}
			if (this.writeFailure == null) {
				segment.trimPreallocation();
			}
		}
		catch (IOException ex) {
			throw failure("forcing " + this.active.path() + " at close", ex);
		}
		finally {
			this.segments.closeAll();
			this.lock.close();
			this.writes.unlock();
			this.compactionLock.unlock();
		}
	}

	private void checkOpen() {
		if (this.closed.get()) {
			throw new EngineClosedException(name());
		}
	}

	private void checkWritable() {
		checkOpen();
		StorageException failure = this.writeFailure;
		if (failure != null) {
			throw new StorageException(failure.getMessage(), failure.getCause());
		}
	}

	private static StorageException failure(String what, IOException ex) {
		if (DiskFull.is(ex)) {
			return new StorageFullException("disk full while " + what, ex);
		}
		return new StorageException("I/O error while " + what + ": " + ex.getMessage(), ex);
	}

}
