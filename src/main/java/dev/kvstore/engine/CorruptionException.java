package dev.kvstore.engine;

import java.nio.file.Path;

/**
 * Bytes on disk fail their checks: a bad checksum, magic number, version or length. The
 * message names the file and the offset; the engine never returns the damaged data.
 */
public class CorruptionException extends StorageException {

	private final transient Path file;

	private final long offset;

	public CorruptionException(Path file, long offset, String problem) {
		super(problem + " in " + file + " at offset " + offset);
		this.file = file;
		this.offset = offset;
	}

	/** The damaged file. */
	public Path file() {
		return this.file;
	}

	/** Where in {@link #file()} the damage was found. */
	public long offset() {
		return this.offset;
	}

}
