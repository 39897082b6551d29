package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.io.FileHandle;

/**
 * The one place that knows the layout of a value file. All numbers are big-endian.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic            "KVF1" (0x4B564631)
 *      4     2  format version   1
 *      6     2  flags            0 (reserved; readers reject bits they do not know)
 *      8     8  version          the value's version, see VersionSource
 *     16     4  key length       1 .. EngineLimits.KEY_BYTES_CEILING
 *     20     4  value length     0 .. EngineLimits.VALUE_BYTES_CEILING
 *     24     4  crc              CRC32C of bytes 0..23, then the key, then the value
 *     28     k  key
 *   28+k     v  value
 * </pre>
 *
 * The file is exactly {@code 28 + k + v} bytes long. The key is kept in every file so
 * that a read checks it holds the key asked for, and so that hashed file names can be
 * listed.
 */
final class ValueFileFormat {

	static final int MAGIC = 0x4B564631;

	static final short FORMAT_VERSION = 1;

	static final int HEADER_BYTES = 28;

	private static final int VERSION_OFFSET = 4;

	private static final int FLAGS_OFFSET = 6;

	private static final int KEY_LENGTH_OFFSET = 16;

	private static final int CRC_OFFSET = 24;

	private ValueFileFormat() {
	}

	/** What the header of a value file says. */
	record Header(long version, int keyLength, int valueLength, int crc) {

		long fileSize() {
			return (long) HEADER_BYTES + this.keyLength + this.valueLength;
		}

	}

	/**
	 * The header and key of a value file, crc included, ready to be written at offset 0;
	 * the value follows at {@link #HEADER_BYTES} + key length.
	 */
	static ByteBuffer encodeHeadAndKey(long version, byte[] key, byte[] value) {
		ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES + key.length);
		head.putInt(MAGIC).putShort(FORMAT_VERSION).putShort((short) 0).putLong(version);
		head.putInt(key.length).putInt(value.length);
		head.putInt(crc(head.array(), key, value));
		head.put(key);
		return head.flip();
	}

	/**
	 * Reads and checks the header: magic, format version, flags, and lengths that add up
	 * to the file's size, so a damaged length never causes a huge allocation.
	 * @throws CorruptionException naming the file and the offset of the bad field
	 */
	static Header readHeader(Path file, FileHandle handle) throws IOException {
		long size = handle.size();
		ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
		if (size < HEADER_BYTES || handle.read(head, 0) < HEADER_BYTES) {
			throw new CorruptionException(file, 0, "value file shorter than its " + HEADER_BYTES + "-byte header");
		}
		head.flip();
		if (head.getInt(0) != MAGIC) {
			throw new CorruptionException(file, 0, "bad magic number");
		}
		if (head.getShort(VERSION_OFFSET) != FORMAT_VERSION) {
			throw new CorruptionException(file, VERSION_OFFSET,
					"unknown format version " + head.getShort(VERSION_OFFSET));
		}
		if (head.getShort(FLAGS_OFFSET) != 0) {
			throw new CorruptionException(file, FLAGS_OFFSET, "unknown flags " + head.getShort(FLAGS_OFFSET));
		}
		int keyLength = head.getInt(KEY_LENGTH_OFFSET);
		int valueLength = head.getInt(KEY_LENGTH_OFFSET + 4);
		if (keyLength < 1 || keyLength > EngineLimits.KEY_BYTES_CEILING || valueLength < 0
				|| valueLength > EngineLimits.VALUE_BYTES_CEILING
				|| (long) HEADER_BYTES + keyLength + valueLength != size) {
			throw new CorruptionException(file, KEY_LENGTH_OFFSET, "key and value lengths (" + keyLength + ", "
					+ valueLength + ") do not match the file size " + size);
		}
		return new Header(head.getLong(8), keyLength, valueLength, head.getInt(CRC_OFFSET));
	}

	/**
	 * Reads the key that follows {@code header}, checking it against {@code expected}
	 * unless that is {@code null}.
	 */
	static byte[] readKey(Path file, FileHandle handle, Header header, byte[] expected) throws IOException {
		byte[] key = readFully(file, handle, HEADER_BYTES, header.keyLength());
		if (expected != null && !Arrays.equals(key, expected)) {
			throw new CorruptionException(file, HEADER_BYTES, "value file holds a different key");
		}
		return key;
	}

	/** Reads the value that follows the key and checks the crc over the whole file. */
	static byte[] readValue(Path file, FileHandle handle, Header header, byte[] key) throws IOException {
		byte[] value = readFully(file, handle, HEADER_BYTES + (long) header.keyLength(), header.valueLength());
		ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
		head.putInt(MAGIC).putShort(FORMAT_VERSION).putShort((short) 0).putLong(header.version());
		head.putInt(header.keyLength()).putInt(header.valueLength());
		if (crc(head.array(), key, value) != header.crc()) {
			throw new CorruptionException(file, CRC_OFFSET, "checksum mismatch");
		}
		return value;
	}

	private static byte[] readFully(Path file, FileHandle handle, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		if (handle.read(buffer, position) != length) {
			throw new CorruptionException(file, position, "value file ends early");
		}
		return buffer.array();
	}

	private static int crc(byte[] head, byte[] key, byte[] value) {
		CRC32C crc = new CRC32C();
		crc.update(head, 0, CRC_OFFSET);
		crc.update(key);
		crc.update(value);
		return (int) crc.getValue();
	}

}
