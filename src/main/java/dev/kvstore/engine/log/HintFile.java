package dev.kvstore.engine.log;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * The bytes of one whole hint file (layout in {@link LogFormat}), checked once when it is
 * made and then read entry by entry with a {@link Cursor} that allocates nothing:
 * recovery walks millions of entries, and an object per entry would cost more than the
 * walk.
 *
 * <p>
 * Every check is made up front, so that a hint is trusted whole or not at all: size, end
 * magic, checksum, header, each entry's lengths and bounds, the strict order by key then
 * sequence number, and the entry count.
 */
final class HintFile {

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private static final int SEQUENCE = 0;

	private static final int OFFSET = 8;

	private static final int VALUE_LENGTH = 16;

	private static final int KEY_LENGTH = 20;

	private static final int FLAGS = 24;

	private final byte[] bytes;

	/** Where the entries end and the trailer starts. */
	private final int entriesEnd;

	private final int count;

	private HintFile(byte[] bytes, int entriesEnd, int count) {
		this.bytes = bytes;
		this.entriesEnd = entriesEnd;
		this.count = count;
	}

	/**
	 * Reads and checks a whole hint file.
	 * @param segmentSize the size of the segment it describes: every entry must lie
	 * inside
	 * @throws MalformedDataException if anything is wrong with it
	 */
	static HintFile read(FileIo io, Path hint, long segmentId, long segmentSize) throws IOException {
		try (FileHandle handle = io.open(hint, FileIo.Mode.READ)) {
			long fileSize = handle.size();
			if (fileSize < LogFormat.FILE_HEADER_SIZE + LogFormat.HINT_TRAILER_SIZE || fileSize > Integer.MAX_VALUE) {
				throw new MalformedDataException("hint file has an impossible size " + fileSize);
			}
			byte[] bytes = new byte[(int) fileSize];
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			if (handle.read(buffer, 0) != fileSize) {
				throw new MalformedDataException("hint file changed while read");
			}
			return check(bytes, segmentId, segmentSize);
		}
	}

	/**
	 * Checks the bytes of a whole hint file, which it keeps: the caller must not change
	 * them afterwards.
	 * @throws MalformedDataException if anything is wrong with them
	 */
	static HintFile check(byte[] bytes, long segmentId, long segmentSize) {
		int size = bytes.length;
		if (size < LogFormat.FILE_HEADER_SIZE + LogFormat.HINT_TRAILER_SIZE) {
			throw new MalformedDataException("hint file has an impossible size " + size);
		}
		int trailerAt = size - LogFormat.HINT_TRAILER_SIZE;
		if ((int) INT.get(bytes, trailerAt + 12) != LogFormat.HINT_END_MAGIC) {
			throw new MalformedDataException("hint file has no end marker");
		}
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, trailerAt);
		if ((int) crc.getValue() != (int) INT.get(bytes, trailerAt + 8)) {
			throw new MalformedDataException("hint file checksum mismatch");
		}
		FileHeader.decode(ByteBuffer.wrap(bytes, 0, LogFormat.FILE_HEADER_SIZE), LogFormat.HINT_MAGIC, segmentId);
		long count = checkEntries(bytes, trailerAt, segmentSize);
		if (count != (long) LONG.get(bytes, trailerAt)) {
			throw new MalformedDataException("hint file entry count mismatch");
		}
		return new HintFile(bytes, trailerAt, (int) count);
	}

	/** Checks every entry and the order of all; returns how many there are. */
	private static long checkEntries(byte[] bytes, int end, long segmentSize) {
		int at = LogFormat.FILE_HEADER_SIZE;
		int previousKey = -1;
		int previousKeyEnd = -1;
		long previousSequence = 0;
		long count = 0;
		while (at < end) {
			if (end - at < LogFormat.HINT_ENTRY_HEADER_SIZE) {
				throw new MalformedDataException("hint entry is cut short");
			}
			long sequence = (long) LONG.get(bytes, at + SEQUENCE);
			long offset = (long) LONG.get(bytes, at + OFFSET);
			int valueLength = (int) INT.get(bytes, at + VALUE_LENGTH);
			int keyLength = (int) INT.get(bytes, at + KEY_LENGTH);
			byte flags = bytes[at + FLAGS];
			int keyStart = at + LogFormat.HINT_ENTRY_HEADER_SIZE;
			if (keyLength < 1 || keyLength > LogFormat.KEY_LENGTH_CEILING || keyLength > end - keyStart) {
				throw new MalformedDataException("hint entry has an impossible key length " + keyLength);
			}
			if (valueLength < 0 || valueLength > LogFormat.VALUE_LENGTH_CEILING
					|| (flags & ~LogFormat.FLAG_TOMBSTONE) != 0) {
				throw new MalformedDataException("hint entry has an impossible value length or flags");
			}
			// Subtracted rather than added: a huge offset must not overflow into range.
			if (offset < LogFormat.FILE_HEADER_SIZE
					|| offset > segmentSize - LogFormat.recordSize(keyLength, valueLength)) {
				throw new MalformedDataException("hint entry points outside its segment");
			}
			int keyEnd = keyStart + keyLength;
			if (previousKey >= 0) {
				int order = Arrays.compareUnsigned(bytes, previousKey, previousKeyEnd, bytes, keyStart, keyEnd);
				if (order > 0 || (order == 0 && sequence <= previousSequence)) {
					throw new MalformedDataException("hint entries are not in order of key and sequence number");
				}
			}
			previousKey = keyStart;
			previousKeyEnd = keyEnd;
			previousSequence = sequence;
			count++;
			at = keyEnd;
		}
		return count;
	}

	/** The number of entries. */
	int count() {
		return this.count;
	}

	/** The size of the file in bytes. */
	int fileBytes() {
		return this.bytes.length;
	}

	/** A new cursor before the first entry. */
	Cursor cursor() {
		return new Cursor();
	}

	/**
	 * Walks the entries in the file's order: by key, then by sequence number. The key of
	 * the current entry is a range of {@link #source()}, valid for as long as the file
	 * (the bytes never change).
	 */
	final class Cursor {

		private int next = LogFormat.FILE_HEADER_SIZE;

		private int at = -1;

		private int keyEnd;

		/** Moves to the next entry; {@code false} once there is none. */
		boolean next() {
			if (this.next >= HintFile.this.entriesEnd) {
				this.at = -1;
				return false;
			}
			this.at = this.next;
			this.keyEnd = keyFrom() + (int) INT.get(HintFile.this.bytes, this.at + KEY_LENGTH);
			this.next = this.keyEnd;
			return true;
		}

		long sequence() {
			return (long) LONG.get(HintFile.this.bytes, this.at + SEQUENCE);
		}

		long offset() {
			return (long) LONG.get(HintFile.this.bytes, this.at + OFFSET);
		}

		int valueLength() {
			return (int) INT.get(HintFile.this.bytes, this.at + VALUE_LENGTH);
		}

		boolean tombstone() {
			return HintFile.this.bytes[this.at + FLAGS] == LogFormat.FLAG_TOMBSTONE;
		}

		/** The size of the record in the segment. */
		int recordSize() {
			return (int) LogFormat.recordSize(keyTo() - keyFrom(), valueLength());
		}

		/** The array that holds the current key. */
		byte[] source() {
			return HintFile.this.bytes;
		}

		/** Where the current key starts in {@link #source()}. */
		int keyFrom() {
			return this.at + LogFormat.HINT_ENTRY_HEADER_SIZE;
		}

		/** Where the current key ends (exclusive) in {@link #source()}. */
		int keyTo() {
			return this.keyEnd;
		}

		/** The current entry as an object, its key copied. */
		HintEntry entry() {
			return new HintEntry(sequence(), offset(), valueLength(),
					Arrays.copyOfRange(HintFile.this.bytes, keyFrom(), keyTo()), tombstone());
		}

	}

}
