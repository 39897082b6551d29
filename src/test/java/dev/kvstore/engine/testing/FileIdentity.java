package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.kvstore.engine.io.FileHandle;

/**
 * One file's identity (its inode): what survives of its content after a power loss. Names
 * point to identities (see {@link DurableState}); a rename moves the name, not the
 * content, and a handle keeps writing to the same identity whatever its name becomes.
 * <p>
 * The durable content is kept in memory: it is what the file held at its last successful
 * {@code force()}, or when {@link FaultyIo} first saw it. Rather than copying the whole
 * file at each force, the identity remembers the lowest offset changed since then
 * ({@code dirtyFrom}) and copies from there to the end, which for the engines'
 * append-only files is just the new tail.
 */
final class FileIdentity {

	private static final long CLEAN = Long.MAX_VALUE;

	private byte[] durable;

	private int durableLength;

	private long dirtyFrom = CLEAN;

	private FileIdentity(byte[] durable) {
		this.durable = durable;
		this.durableLength = durable.length;
	}

	/** A file just created: if its name survives a crash, it is empty. */
	static FileIdentity created() {
		return new FileIdentity(new byte[0]);
	}

	/** A file found on disk: what it holds now counts as durable. */
	static FileIdentity seenOnDisk(Path file) throws IOException {
		return new FileIdentity(Files.readAllBytes(file));
	}

	/**
	 * A write of {@code length} bytes at {@code position} into a file of
	 * {@code sizeBefore}.
	 */
	synchronized void wrote(long position, long sizeBefore) {
		// Writing past the end leaves a hole of zeros from the old end: dirty too.
		this.dirtyFrom = Math.min(this.dirtyFrom, Math.min(position, sizeBefore));
	}

	/** The file was cut to {@code newSize}. */
	synchronized void truncated(long newSize) {
		this.dirtyFrom = Math.min(this.dirtyFrom, newSize);
	}

	/**
	 * The file was forced: its whole current content, read through {@code handle},
	 * becomes durable.
	 */
	synchronized void forced(FileHandle handle) throws IOException {
		long size = handle.size();
		if (size > Integer.MAX_VALUE - 16) {
			throw new IOException("FaultyIo keeps durable content in memory; " + size + " bytes is too much");
		}
		int from = (int) Math.min(Math.min(this.dirtyFrom, this.durableLength), size);
		int length = (int) size;
		if (this.durable.length < length) {
			this.durable = Arrays.copyOf(this.durable, Math.max(length, this.durable.length * 2));
		}
		ByteBuffer tail = ByteBuffer.wrap(this.durable, from, length - from);
		int read = handle.read(tail, from);
		if (read != length - from) {
			throw new IOException("the file shrank while it was forced: read " + read + " of " + (length - from));
		}
		this.durableLength = length;
		this.dirtyFrom = CLEAN;
	}

	/**
	 * Whether every change since the last force lies past the durable content, so that
	 * the durable content is still a prefix of the file.
	 */
	synchronized boolean onlyAppendedSinceForce() {
		return this.dirtyFrom >= this.durableLength;
	}

	/** What a power loss leaves of this file's content. */
	synchronized byte[] durableContent() {
		return Arrays.copyOf(this.durable, this.durableLength);
	}

}
