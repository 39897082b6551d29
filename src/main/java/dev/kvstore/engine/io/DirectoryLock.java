package dev.kvstore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kvstore.engine.DataDirectoryLockedException;
import dev.kvstore.engine.StorageException;

/**
 * The {@code LOCK} file that keeps a second process off a data directory. The operating
 * system releases the lock when the process dies, so a {@code LOCK} file left behind by a
 * crash (stale, or empty) does not stop the next start; its content only names the holder
 * in the error a second process gets.
 *
 * <p>
 * It goes straight to the file system rather than through the io seam: a lock belongs to
 * the process, not to the data, and there is nothing in it to lose.
 */
public final class DirectoryLock implements AutoCloseable {

	/**
	 * The lock files this process holds. A second engine of this process is turned away
	 * here, before it opens the file: closing any channel on a locked file releases the
	 * process's lock on it (POSIX record locks belong to the process), so a refused
	 * second open would otherwise let another process in.
	 */
	private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

	private final Path lockFile;

	private final FileChannel channel;

	private final FileLock lock;

	private final AtomicBoolean closed = new AtomicBoolean();

	private DirectoryLock(Path lockFile, FileChannel channel, FileLock lock) {
		this.lockFile = lockFile;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock.
	 * @throws DataDirectoryLockedException at once if another process or another engine
	 * of this process holds it
	 */
	public static DirectoryLock acquire(Path lockFile) {
		Path held = identity(lockFile);
		if (!HELD.add(held)) {
			throw new DataDirectoryLockedException(
					"data directory " + lockFile.getParent() + " is already open in this process");
		}
		FileChannel channel = null;
		try {
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				throw new DataDirectoryLockedException(
						"data directory " + lockFile.getParent() + " is already open in this process");
			}
			if (lock == null) {
				throw new DataDirectoryLockedException("data directory " + lockFile.getParent()
						+ " is in use by another process (" + holder(channel) + ")");
			}
			String me = "pid " + ProcessHandle.current().pid();
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
			return new DirectoryLock(held, channel, lock);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			HELD.remove(held);
			throw new StorageException("cannot lock data directory " + lockFile.getParent() + ": " + ex.getMessage(),
					ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			HELD.remove(held);
			throw ex;
		}
	}

	/** One path per lock file, however the directory was named (links resolved). */
	private static Path identity(Path lockFile) {
		Path absolute = lockFile.toAbsolutePath().normalize();
		try {
			return absolute.getParent().toRealPath().resolve(absolute.getFileName());
		}
		catch (IOException ex) {
			return absolute;
		}
	}

	private static String holder(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(64);
		channel.read(buffer, 0);
		String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
		return text.isEmpty() ? "holder unknown" : text;
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// already failing; the first error is the one to report
			}
		}
	}

	/** Releases the lock. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.lock.release();
		}
		catch (IOException ignored) {
			// closing the channel releases it too
		}
		closeQuietly(this.channel);
		HELD.remove(this.lockFile);
	}

}
