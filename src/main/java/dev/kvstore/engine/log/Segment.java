package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

	private final long id;

	private final Path path;

	private final short kind;

	private final FileIo io;

	private volatile FileHandle handle;

	/** Bytes of the file that hold complete records (the end of the last append). */
	private volatile long size;

	/** Bytes of the segment's hint file, 0 while it has none. */
	private volatile long hintBytes;

	/**
	 * Bytes of records that a compaction would drop: overwritten, deleted, tombstones.
	 */
	private final AtomicLong deadBytes = new AtomicLong();

	/** Appends so far, and (guarded by the sync lock) the count an fsync has covered. */
	private volatile long appends;

	private long syncedAppends;

	/** The file is durable up to here: set only by a successful force. */
	private volatile long syncedSize;

	private final ReentrantLock syncLock = new ReentrantLock();

	private final Condition syncDone = this.syncLock.newCondition();

	/** An fsync is under way; guarded by {@link #syncLock}. */
	private boolean syncing;

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
		this.syncedSize = size;
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
		long offset = this.size;
		int length = record.remaining();
		try {
			withHandle().write(record, offset);
		}
		catch (IOException ex) {
			try {
				this.handle.truncate(offset);
			}
			catch (IOException | RuntimeException truncateFailure) {
				ex.addSuppressed(truncateFailure);
			}
			throw ex;
		}
		this.size = offset + length;
		this.appends++;
		return offset;
	}

	/**
	 * Makes every append up to {@code end} durable. Concurrent callers share the fsync
	 * (group commit): one caller at a time forces the file, outside the lock, while the
	 * others wait on a condition; when it is done they all wake at once, and those whose
	 * bytes it covered return without an fsync of their own. Waking them together, rather
	 * than handing a lock from one to the next, lets them append their next writes while
	 * the next fsync runs, so each fsync covers nearly every writer.
	 * @return the number of appends the fsync made durable, or 0 if no fsync was needed
	 */
	int syncTo(long end) throws IOException {
		if (this.syncedSize >= end) {
			return 0;
		}
		long appendsCovered;
		long sizeCovered;
		this.syncLock.lock();
		try {
			while (true) {
				if (this.syncFailed) {
					throw new IOException("an earlier fsync of " + this.path.getFileName() + " failed");
				}
				if (this.syncedSize >= end) {
					return 0;
				}
				if (!this.syncing) {
					break;
				}
				this.syncDone.awaitUninterruptibly();
			}
			this.syncing = true;
			// Read the counters before forcing: whatever was appended by then is covered.
			appendsCovered = this.appends;
			sizeCovered = this.size;
		}
		finally {
			this.syncLock.unlock();
		}
		boolean forced = false;
		int batch = 0;
		try {
			withHandle().force();
			forced = true;
		}
		finally {
			this.syncLock.lock();
			try {
				if (forced) {
					this.syncedSize = sizeCovered;
					batch = (int) (appendsCovered - this.syncedAppends);
					this.syncedAppends = appendsCovered;
				}
				else {
					// After a failed fsync the kernel may have dropped the dirty pages
					// and a later fsync can report success without them, so this file is
					// never trusted again.
					this.syncFailed = true;
				}
				this.syncing = false;
				this.syncDone.signalAll();
			}
			finally {
				this.syncLock.unlock();
			}
		}
		return batch;
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

	/** Thrown by reads of a segment that compaction has replaced. */
	static final class RetiredSegmentException extends ClosedChannelException {

	}

}
