package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.kvstore.engine.CompactionInProgressException;
import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineClosedException;
import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.StripedLocks;
import dev.kvstore.engine.StorageFullException;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.WriteResult;
import dev.kvstore.engine.io.DirectoryLock;
import dev.kvstore.engine.io.DiskFull;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileIo;

/**
 * The file-per-key engine: each key is one file in a directory, named by
 * {@link KeyFileNames} and laid out as {@link ValueFileFormat} says. A baseline to
 * compare the log-structured engine against, simple enough to trust.
 *
 * <p>
 * With {@code syncAlways}, a write returns only once the new file and the directory entry
 * that names it are forced to disk; otherwise they are forced at {@link #close()}. Reads
 * take no lock; writes of one key hold a striped lock across the version check and the
 * rename, so conditional writes are atomic.
 */
public final class FilePerKeyKV implements StorageEngine {

	private static final int LOCK_STRIPES = 256;

	private final Path dir;

	private final EngineLimits limits;

	private final ValueFiles files;

	private final VersionSource versions;

	private final KeyListing listing;

	private final StripedLocks locks = new StripedLocks(LOCK_STRIPES);

	private final ReentrantLock compaction = new ReentrantLock();

	private final AtomicLong keys;

	private final AtomicLong bytes;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final DirectoryLock lock;

	private final EngineListener listener;

	private final boolean syncAlways;

	private FilePerKeyKV(Path dir, EngineLimits limits, DirectoryLock lock, ValueFiles files, VersionSource versions,
			ValueFiles.Census census, boolean syncAlways, EngineListener listener) {
		this.dir = dir;
		this.lock = lock;
		this.syncAlways = syncAlways;
		this.listener = listener;
		this.limits = limits;
		this.files = files;
		this.versions = versions;
		this.listing = new KeyListing(files);
		this.keys = new AtomicLong(census.files());
		this.bytes = new AtomicLong(census.bytes());
	}

	/**
	 * Opens (creating it if needed) the engine in {@code dir} on the real file system.
	 * @see #open(Path, EngineLimits, boolean, FileIo)
	 */
	public static FilePerKeyKV open(Path dir, EngineLimits limits, boolean syncAlways) {
		return open(dir, limits, syncAlways, DiskIo.INSTANCE);
	}

	/**
	 * Opens (creating it if needed) the engine in {@code dir}: reserves a new version
	 * generation, removes temp files a crash left behind, and counts the keys.
	 * @param dir the directory that holds the engine's files and nothing else
	 * @param limits the key and value limits
	 * @param syncAlways whether every write is forced to disk before it returns
	 * @param io the file-access seam every file operation goes through
	 * @throws StorageException if the directory cannot be prepared
	 */
	public static FilePerKeyKV open(Path dir, EngineLimits limits, boolean syncAlways, FileIo io) {
		return open(dir, limits, syncAlways, io, EngineListener.NONE);
	}

	/**
	 * As {@link #open(Path, EngineLimits, boolean, FileIo)}, with a listener that hears
	 * each write made durable ({@code syncAlways}: one write per fsync) and each
	 * compaction.
	 */
	public static FilePerKeyKV open(Path dir, EngineLimits limits, boolean syncAlways, FileIo io,
			EngineListener listener) {
		try {
			io.createDirectoriesDurably(dir);
		}
		catch (IOException ex) {
			throw failure("create the file engine's directory " + dir, ex);
		}
		DirectoryLock lock = DirectoryLock.acquire(dir.resolve(KeyFileNames.LOCK));
		try {
			VersionSource versions = VersionSource.open(dir, io);
			ValueFiles files = new ValueFiles(dir, io, syncAlways, versions.generation());
			return new FilePerKeyKV(dir, limits, lock, files, versions, files.startup(), syncAlways, listener);
		}
		catch (IOException ex) {
			lock.close();
			throw failure("open the file engine in " + dir, ex);
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
	}

	@Override
	public String name() {
		return "file";
	}

	@Override
	public Optional<VersionedValue> get(byte[] key) {
		checkOpen();
		this.limits.checkKey(key);
		try {
			ValueFiles.Stored stored = this.files.read(KeyFileNames.nameOf(key), key, true);
			return (stored != null) ? Optional.of(new VersionedValue(stored.value(), stored.version()))
					: Optional.empty();
		}
		catch (IOException ex) {
			throw failure("read a value", ex);
		}
	}

	@Override
	public WriteResult put(byte[] key, byte[] value, Precondition precondition) {
		checkOpen();
		this.limits.checkKey(key);
		this.limits.checkValue(value);
		String name = KeyFileNames.nameOf(key);
		ReentrantLock lock = this.locks.lockFor(key);
		lock.lock();
		try {
			CurrentState current = CurrentState.check(this.files, name, key, precondition);
			long version = this.versions.next();
			long size = this.files.write(name, key, value, version);
			// Counted once the rename has happened: the file is there even if the sync
			// below fails.
			if (!current.present()) {
				this.keys.incrementAndGet();
			}
			this.bytes.addAndGet(size - current.fileSize());
			this.files.syncDirectory(name);
			madeDurable();
			return new WriteResult(version, !current.present());
		}
		catch (IOException ex) {
			throw failure("write a value", ex);
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public boolean delete(byte[] key, Precondition precondition) {
		checkOpen();
		this.limits.checkKey(key);
		String name = KeyFileNames.nameOf(key);
		ReentrantLock lock = this.locks.lockFor(key);
		lock.lock();
		try {
			CurrentState current = CurrentState.check(this.files, name, key, precondition);
			if (!current.present()) {
				return false;
			}
			this.files.delete(name);
			this.keys.decrementAndGet();
			this.bytes.addAndGet(-current.fileSize());
			this.files.syncDirectory(name);
			madeDurable();
			return true;
		}
		catch (IOException ex) {
			throw failure("delete a value", ex);
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public KeyPage list(byte[] prefix, byte[] after, int limit) {
		checkOpen();
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		try {
			return this.listing.page((prefix != null) ? prefix : new byte[0], after, limit);
		}
		catch (IOException ex) {
			throw failure("list keys", ex);
		}
	}

	/**
	 * Reports the files and bytes: overwritten and deleted values are freed at once by
	 * the rename or delete, so there is never anything to reclaim.
	 */
	@Override
	public CompactionReport compact() {
		checkOpen();
		if (!this.compaction.tryLock()) {
			throw new CompactionInProgressException();
		}
		try {
			long files = this.keys.get();
			long size = this.bytes.get();
			int segments = (int) Math.min(Integer.MAX_VALUE, files);
			CompactionReport report = new CompactionReport(name(), segments, segments, size, size, files, 0);
			this.listener.onCompaction(report);
			return report;
		}
		finally {
			this.compaction.unlock();
		}
	}

	private void madeDurable() {
		if (this.syncAlways) {
			this.listener.onSync(1);
		}
	}

	@Override
	public EngineStats stats() {
		checkOpen();
		long count = this.keys.get();
		long syncs = this.files.syncs();
		return new EngineStats(count, count, this.bytes.get(), 0, syncs, syncs, 0);
	}

	/** With sync never, forces every file written since opening; then closes. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.files.syncAll();
			}
			catch (IOException ex) {
				throw failure("sync the file engine in " + this.dir + " at close", ex);
			}
			finally {
				this.lock.close();
			}
		}
	}

	private void checkOpen() {
		if (this.closed.get()) {
			throw new EngineClosedException(name());
		}
	}

	private static StorageException failure(String what, IOException ex) {
		if (DiskFull.is(ex)) {
			return new StorageFullException("the disk is full: could not " + what, ex);
		}
		return new StorageException("could not " + what + ": " + ex.getMessage(), ex);
	}

}
