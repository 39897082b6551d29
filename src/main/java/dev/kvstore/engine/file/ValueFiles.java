package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * Reads, writes and deletes the value files of one directory through the {@link FileIo}
 * seam, in an order that never lets a reader see a half-written value: a new value is
 * written to a temp file and renamed over the old one. Callers serialize writes of one
 * key; reads need no lock because a rename replaces a file in one step.
 */
final class ValueFiles {

	/**
	 * A value file's content; {@code value} is {@code null} when only the head was read.
	 */
	record Stored(byte[] key, byte[] value, long version, long fileSize) {

	}

	/** What the directory held at startup. */
	record Census(long files, long bytes) {

	}

	private final Path dir;

	private final FileIo io;

	private final boolean syncAlways;

	private final long generation;

	private final AtomicLong tempSequence = new AtomicLong();

	private final AtomicLong syncs = new AtomicLong();

	/** Names written or deleted without an fsync, made durable by {@link #syncAll()}. */
	private final Set<String> unsynced = ConcurrentHashMap.newKeySet();

	ValueFiles(Path dir, FileIo io, boolean syncAlways, long generation) {
		this.dir = dir;
		this.io = io;
		this.syncAlways = syncAlways;
		this.generation = generation;
	}

	/**
	 * Removes the temp files a crash left behind (their writes were never acknowledged)
	 * and counts the value files.
	 */
	Census startup() throws IOException {
		long files = 0;
		long bytes = 0;
		for (Path path : this.io.list(this.dir)) {
			String name = path.getFileName().toString();
			if (KeyFileNames.isTemp(name)) {
				this.io.deleteIfExists(path);
			}
			else if (KeyFileNames.isValueFile(name)) {
				files++;
				bytes += this.io.size(path);
			}
		}
		return new Census(files, bytes);
	}

	/** The names of every value file now in the directory. */
	List<String> valueFileNames() throws IOException {
		List<String> names = new ArrayList<>();
		for (Path path : this.io.list(this.dir)) {
			String name = path.getFileName().toString();
			if (KeyFileNames.isValueFile(name)) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Reads the file {@code name}, checking that it holds {@code key} (unless
	 * {@code null}), and its value and checksum if {@code withValue}.
	 * @return the content, or {@code null} if there is no such file
	 */
	Stored read(String name, byte[] key, boolean withValue) throws IOException {
		Path file = this.dir.resolve(name);
		try (FileHandle handle = this.io.open(file, FileIo.Mode.READ)) {
			ValueFileFormat.Header header = ValueFileFormat.readHeader(file, handle);
			byte[] stored = ValueFileFormat.readKey(file, handle, header, key);
			byte[] value = withValue ? ValueFileFormat.readValue(file, handle, header, stored) : null;
			return new Stored(stored, value, header.version(), header.fileSize());
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/** The size of file {@code name}, or 0 if there is none. */
	long size(String name) throws IOException {
		try {
			return this.io.size(this.dir.resolve(name));
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
	}

	/**
	 * Replaces the file {@code name} with one holding {@code value}. When this returns,
	 * readers see the new value; it is durable only after {@link #syncDirectory()}.
	 * @return the new file's size
	 */
	long write(String name, byte[] key, byte[] value, long version) throws IOException {
		Path temp = this.dir.resolve(KeyFileNames.tempName(this.generation, this.tempSequence.incrementAndGet()));
		boolean renamed = false;
		try {
			ByteBuffer head = ValueFileFormat.encodeHeadAndKey(version, key, value);
			long size = head.remaining() + (long) value.length;
			try (FileHandle handle = this.io.open(temp, FileIo.Mode.CREATE_NEW)) {
				int valueOffset = head.remaining();
				handle.write(head, 0);
				handle.write(ByteBuffer.wrap(value), valueOffset);
				if (this.syncAlways) {
					// The bytes must be on disk before the rename publishes them: a
					// file system may persist the rename first, and a power loss
					// would then leave the key pointing at an empty or partial file.
					handle.force();
				}
			}
			// Rename replaces the old file in one step: readers see the old value or the
			// new one, never a mix, and a crash before this line leaves the old one.
			this.io.moveAtomically(temp, this.dir.resolve(name));
			renamed = true;
			return size;
		}
		finally {
			if (!renamed) {
				deleteQuietly(temp);
			}
		}
	}

	/**
	 * Deletes the file {@code name} if it exists; durable only after
	 * {@link #syncDirectory()}.
	 */
	void delete(String name) throws IOException {
		this.io.deleteIfExists(this.dir.resolve(name));
	}

	/**
	 * Makes the renames and deletes done so far durable, if the engine syncs always, else
	 * remembers {@code name} for {@link #syncAll()}.
	 */
	void syncDirectory(String name) throws IOException {
		if (this.syncAlways) {
			// A rename or delete lives in the directory's entries, not in the file: until
			// the directory is forced, a power loss can bring the old file back.
			this.io.forceDirectory(this.dir);
			this.syncs.incrementAndGet();
		}
		else {
			this.unsynced.add(name);
		}
	}

	/**
	 * Forces every file written since the last call and the directory, so that everything
	 * written so far survives a power loss.
	 */
	void syncAll() throws IOException {
		for (String name : List.copyOf(this.unsynced)) {
			// Removed first, so that a write racing with this one stays listed.
			this.unsynced.remove(name);
			try (FileHandle handle = this.io.open(this.dir.resolve(name), FileIo.Mode.READ_WRITE)) {
				handle.force();
			}
			catch (NoSuchFileException ex) {
				// Deleted: forcing the directory below makes that durable.
			}
		}
		this.io.forceDirectory(this.dir);
	}

	/** Writes made durable before they were acknowledged, one fsync batch each. */
	long syncs() {
		return this.syncs.get();
	}

	private void deleteQuietly(Path temp) {
		try {
			this.io.deleteIfExists(temp);
		}
		catch (IOException ex) {
			// Left for the next startup, which removes every temp file.
		}
	}

}
