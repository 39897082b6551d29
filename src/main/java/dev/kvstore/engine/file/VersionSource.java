package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * Hands out versions that are unique, growing, and never reused across restarts, without
 * writing anything per version.
 *
 * <p>
 * A version is {@code generation << 40 | counter}. The generation is reserved durably in
 * the {@value KeyFileNames#GENERATION} file before any version of it is handed out: each
 * open reserves the stored generation + 1, so every version of this run is greater than
 * every version of an earlier one. If a run hands out 2^40 versions the counter carries
 * into the generation, which is then reserved durably too.
 *
 * <p>
 * The generation file is 16 bytes: magic "KVG1", the generation (8 bytes), CRC32C of the
 * first 12 bytes (4 bytes), big-endian.
 */
final class VersionSource {

	static final int COUNTER_BITS = 40;

	/** Generations stay below this so that every version is a positive long. */
	static final long MAX_GENERATION = (1L << (63 - COUNTER_BITS)) - 1;

	private static final int MAGIC = 0x4B564731;

	private static final int FILE_BYTES = 16;

	private final Path dir;

	private final FileIo io;

	private final AtomicLong last;

	private volatile long reserved;

	private VersionSource(Path dir, FileIo io, long generation) {
		this.dir = dir;
		this.io = io;
		this.reserved = generation;
		this.last = new AtomicLong(generation << COUNTER_BITS);
	}

	/** Reserves the next generation durably and returns a source for it. */
	static VersionSource open(Path dir, FileIo io) throws IOException {
		long generation = read(dir.resolve(KeyFileNames.GENERATION), io) + 1;
		write(dir, io, generation);
		return new VersionSource(dir, io, generation);
	}

	/** The generation this run reserved when it opened. */
	long generation() {
		return this.reserved;
	}

	/** The next version: greater than every version handed out before, in any run. */
	long next() throws IOException {
		long version = this.last.incrementAndGet();
		long generation = version >>> COUNTER_BITS;
		if (generation > this.reserved) {
			reserve(generation);
		}
		return version;
	}

	/**
	 * Moves the counter so the next version is {@code counter + 1} in this generation;
	 * lets tests reach the carry into the next generation without 2^40 writes.
	 */
	void skipCounterTo(long counter) {
		this.last.set((this.reserved << COUNTER_BITS) | counter);
	}

	private synchronized void reserve(long generation) throws IOException {
		if (generation > this.reserved) {
			// The counter carried into a generation no file records yet: a restart would
			// hand out its versions again unless it is on disk before this one is used.
			write(this.dir, this.io, generation);
			this.reserved = generation;
		}
	}

	private static long read(Path file, FileIo io) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(FILE_BYTES);
		try (FileHandle handle = io.open(file, FileIo.Mode.READ)) {
			if (handle.size() != FILE_BYTES || handle.read(buffer, 0) != FILE_BYTES) {
				throw new CorruptionException(file, 0, "generation file is not " + FILE_BYTES + " bytes long");
			}
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
		if (buffer.getInt(0) != MAGIC) {
			throw new CorruptionException(file, 0, "bad magic number");
		}
		if (buffer.getInt(12) != crc(buffer.array())) {
			throw new CorruptionException(file, 12, "checksum mismatch");
		}
		return buffer.getLong(4);
	}

	private static void write(Path dir, FileIo io, long generation) throws IOException {
		if (generation > MAX_GENERATION) {
			throw new IOException("the generation counter is exhausted");
		}
		ByteBuffer buffer = ByteBuffer.allocate(FILE_BYTES);
		buffer.putInt(MAGIC).putLong(generation);
		buffer.putInt(crc(buffer.array())).flip();
		Path temp = dir.resolve(KeyFileNames.TEMP_PREFIX + KeyFileNames.GENERATION);
		io.deleteIfExists(temp);
		try (FileHandle handle = io.open(temp, FileIo.Mode.CREATE_NEW)) {
			handle.write(buffer, 0);
			// The content must be on disk before the rename can make it the generation
			// file, or a power loss could leave an empty file under the final name.
			handle.force();
		}
		io.moveAtomically(temp, dir.resolve(KeyFileNames.GENERATION));
		// Make the rename itself durable: without it a power loss could bring back the
		// old generation, and versions of this run would be handed out again.
		io.forceDirectory(dir);
	}

	private static int crc(byte[] bytes) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, 12);
		return (int) crc.getValue();
	}

}
