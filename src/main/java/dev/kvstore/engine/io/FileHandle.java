package dev.kvstore.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file, read and written at explicit positions so that many threads can share it.
 * Only the operations the engines need; tests wrap it to inject faults.
 */
public interface FileHandle extends Closeable {

	/**
	 * Reads into {@code dst} from {@code position} until {@code dst} is full or the file
	 * ends.
	 * @return the bytes read, fewer than asked only at the end of the file
	 */
	int read(ByteBuffer dst, long position) throws IOException;

	/** Writes all of {@code src} at {@code position}. */
	void write(ByteBuffer src, long position) throws IOException;

	/**
	 * Forces the file's content and size to the storage device. Until this returns, a
	 * power loss may lose any write made since the last force.
	 */
	void force() throws IOException;

	/** The file's current size. */
	long size() throws IOException;

	/** Cuts the file to {@code size} bytes. */
	void truncate(long size) throws IOException;

	/** Whether the handle can still be used. */
	boolean isOpen();

}
