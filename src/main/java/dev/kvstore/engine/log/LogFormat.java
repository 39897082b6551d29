package dev.kvstore.engine.log;

/**
 * The on-disk format of the log-structured engine, in one place.
 * {@code docs/data-format.md} describes the same bytes with a worked example; change both
 * together. All integers are big-endian. CRCs are CRC32C ({@link java.util.zip.CRC32C}).
 *
 * <pre>
 * file header (32 bytes), at the start of every segment and hint file:
 *   0  u32  magic            SEGMENT_MAGIC or HINT_MAGIC
 *   4  u16  format version   FORMAT_VERSION
 *   6  u16  kind             KIND_WRITE, KIND_COMPACTED or KIND_HINT
 *   8  u64  file id          the id in the file's name (a renamed file is detected)
 *  16  u64  sequence floor   every sequence number written before this file was created is
 *                            below it, so recovery never reuses one even when compaction has
 *                            dropped the records that carried the highest
 *  24  u32  reserved         0
 *  28  u32  crc              of bytes 0 to 27
 *
 * record (21-byte header, then key, then value), repeated to the end of a segment:
 *   0  u32  crc              of every byte of the record after this field
 *   4  u64  sequence number  unique, increasing in the order of writes
 *  12  u32  key length       1 to KEY_LENGTH_CEILING
 *  16  u32  value length     0 to VALUE_LENGTH_CEILING; 0 for a tombstone
 *  20  u8   flags            bit 0: tombstone (the key was deleted); others 0
 *  21       key bytes
 *  21+k     value bytes
 *
 * hint file: a file header, then one entry per record of its segment, then a trailer.
 * Entries are sorted by key (unsigned bytes), then by sequence number, strictly: a file
 * out of this order (as hint files were written before they were sorted, under the same
 * format version) is rejected and its segment scanned instead.
 *   entry (25-byte header, then key):
 *   0  u64  sequence number
 *   8  u64  offset of the record in the segment
 *  16  u32  value length
 *  20  u32  key length
 *  24  u8   flags            as in the record
 *  25       key bytes
 *   trailer (16 bytes):
 *   0  u64  number of entries
 *   8  u32  crc              of the header and every entry
 *  12  u32  HINT_END_MAGIC
 *
 * compaction commit file (COMPACTION): the ids of the segments a finished compaction replaced
 *   0  u32  COMMIT_MAGIC
 *   4  u32  count n
 *   8  u64  × n  segment ids
 *   .  u32  crc              of every byte before it
 * </pre>
 */
final class LogFormat {

	/** "KVLG": a segment file. */
	static final int SEGMENT_MAGIC = 0x4B564C47;

	/** "KVHT": a hint file. */
	static final int HINT_MAGIC = 0x4B564854;

	/** "KVHE": the last four bytes of a complete hint file. */
	static final int HINT_END_MAGIC = 0x4B564845;

	/** "KVCC": a compaction commit file. */
	static final int COMMIT_MAGIC = 0x4B564343;

	static final short FORMAT_VERSION = 1;

	/**
	 * A segment written by puts and deletes; only the newest one may end in a torn
	 * record.
	 */
	static final short KIND_WRITE = 1;

	/** A segment written by compaction: complete before it got its name. */
	static final short KIND_COMPACTED = 2;

	static final short KIND_HINT = 3;

	static final int FILE_HEADER_SIZE = 32;

	static final int RECORD_HEADER_SIZE = 21;

	static final int HINT_ENTRY_HEADER_SIZE = 25;

	static final int HINT_TRAILER_SIZE = 16;

	static final byte FLAG_TOMBSTONE = 1;

	/** Lengths beyond these are damage, however large a file is. */
	static final int KEY_LENGTH_CEILING = dev.kvstore.engine.EngineLimits.KEY_BYTES_CEILING;

	static final int VALUE_LENGTH_CEILING = dev.kvstore.engine.EngineLimits.VALUE_BYTES_CEILING;

	private LogFormat() {
	}

	/** The bytes a record of this key and value length takes. */
	static long recordSize(int keyLength, int valueLength) {
		return (long) RECORD_HEADER_SIZE + keyLength + valueLength;
	}

}
