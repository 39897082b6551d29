package dev.kvstore.engine.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Encodes and decodes records (layout in {@link LogFormat}). */
final class RecordCodec {

	private static final byte[] NO_VALUE = new byte[0];

	private RecordCodec() {
	}

	/** Encodes a record into a new buffer, ready to be written. */
	static ByteBuffer encode(long sequence, byte[] key, byte[] value, boolean tombstone) {
		ByteBuffer buffer = encodeUnstamped(key, value, tombstone);
		stamp(buffer, sequence);
		return buffer;
	}

	/**
	 * Encodes a record without its sequence number and checksum, for {@link #stamp} to
	 * complete.
	 */
	static ByteBuffer encodeUnstamped(byte[] key, byte[] value, boolean tombstone) {
		if (tombstone && value.length != 0) {
			throw new IllegalArgumentException("a tombstone has no value");
		}
		byte[] bytes = new byte[(int) LogFormat.recordSize(key.length, value.length)];
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		buffer.position(12)
			.putInt(key.length)
			.putInt(value.length)
			.put(tombstone ? LogFormat.FLAG_TOMBSTONE : 0)
			.put(key)
			.put(value);
		return buffer.flip();
	}

	/**
	 * Sets the sequence number of an encoded record and its checksum, which covers it.
	 * The write path encodes outside its lock and stamps inside, where sequence numbers
	 * are handed out in the order of the appends.
	 */
	static void stamp(ByteBuffer record, long sequence) {
		int at = record.position();
		record.putLong(at + 4, sequence);
		CRC32C crc = new CRC32C();
		crc.update(record.duplicate().position(at + 4));
		record.putInt(at, (int) crc.getValue());
	}

	/**
	 * Reads the lengths in the header at the buffer's position and returns the size of
	 * the whole record, checking that the lengths are possible at all. The rest of the
	 * record need not be in the buffer yet.
	 * @throws MalformedDataException if the header is cut short or a length is impossible
	 */
	static int sizeAt(ByteBuffer buffer) {
		int at = buffer.position();
		if (buffer.limit() - at < LogFormat.RECORD_HEADER_SIZE) {
			throw new MalformedDataException("record header is cut short");
		}
		int keyLength = buffer.getInt(at + 12);
		int valueLength = buffer.getInt(at + 16);
		if (keyLength < 1 || keyLength > LogFormat.KEY_LENGTH_CEILING) {
			throw new MalformedDataException("impossible key length " + keyLength);
		}
		if (valueLength < 0 || valueLength > LogFormat.VALUE_LENGTH_CEILING) {
			throw new MalformedDataException("impossible value length " + valueLength);
		}
		return (int) LogFormat.recordSize(keyLength, valueLength);
	}

	/**
	 * Decodes the record at the buffer's position and moves the position past it.
	 * @throws MalformedDataException if the record is cut short, a length is impossible,
	 * the flags are unknown or the checksum does not match; the position is then
	 * unchanged
	 */
	static LogRecord decode(ByteBuffer buffer) {
		return decode(buffer, true);
	}

	/**
	 * As {@link #decode(ByteBuffer)}, but with {@code withValue} false the value is
	 * checked and skipped, not copied (recovery and compaction need only keys).
	 */
	static LogRecord decode(ByteBuffer buffer, boolean withValue) {
		int at = buffer.position();
		int size = sizeAt(buffer);
		if (buffer.limit() - at < size) {
			throw new MalformedDataException("record is cut short");
		}
		CRC32C crc = new CRC32C();
		crc.update(buffer.duplicate().position(at + 4).limit(at + size));
		if ((int) crc.getValue() != buffer.getInt(at)) {
			throw new MalformedDataException("record checksum mismatch");
		}
		byte flags = buffer.get(at + 20);
		if ((flags & ~LogFormat.FLAG_TOMBSTONE) != 0) {
			throw new MalformedDataException("unknown record flags " + flags);
		}
		boolean tombstone = (flags & LogFormat.FLAG_TOMBSTONE) != 0;
		long sequence = buffer.getLong(at + 4);
		byte[] key = new byte[buffer.getInt(at + 12)];
		int valueLength = buffer.getInt(at + 16);
		if (tombstone && valueLength != 0) {
			throw new MalformedDataException("tombstone with a value");
		}
		byte[] value = (valueLength == 0 || !withValue) ? NO_VALUE : new byte[valueLength];
		buffer.position(at + LogFormat.RECORD_HEADER_SIZE);
		buffer.get(key);
		buffer.get(value);
		buffer.position(at + size);
		return new LogRecord(sequence, key, value, tombstone);
	}

}
