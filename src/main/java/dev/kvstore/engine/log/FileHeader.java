package dev.kvstore.engine.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 32-byte header at the start of every segment and hint file (layout in
 * {@link LogFormat}).
 *
 * @param magic what the file is: {@link LogFormat#SEGMENT_MAGIC} or
 * {@link LogFormat#HINT_MAGIC}
 * @param kind {@link LogFormat#KIND_WRITE}, {@link LogFormat#KIND_COMPACTED} or
 * {@link LogFormat#KIND_HINT}
 * @param fileId the id in the file's name
 * @param sequenceFloor no sequence number used before the file was created is this high
 */
record FileHeader(int magic, short kind, long fileId, long sequenceFloor) {

	ByteBuffer encode() {
		ByteBuffer buffer = ByteBuffer.allocate(LogFormat.FILE_HEADER_SIZE);
		buffer.putInt(this.magic)
			.putShort(LogFormat.FORMAT_VERSION)
			.putShort(this.kind)
			.putLong(this.fileId)
			.putLong(this.sequenceFloor)
			.putInt(0);
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), 0, 28);
		buffer.putInt((int) crc.getValue());
		return buffer.flip();
	}

	/**
	 * Decodes and checks a header.
	 * @param buffer exactly {@link LogFormat#FILE_HEADER_SIZE} bytes
	 * @param expectedMagic the magic the file must have
	 * @param expectedFileId the id in the file's name
	 * @throws MalformedDataException saying what is wrong
	 */
	static FileHeader decode(ByteBuffer buffer, int expectedMagic, long expectedFileId) {
		if (buffer.remaining() < LogFormat.FILE_HEADER_SIZE) {
			throw new MalformedDataException("file header is cut short");
		}
		int start = buffer.position();
		int magic = buffer.getInt(start);
		if (magic != expectedMagic) {
			throw new MalformedDataException(String.format("bad magic number 0x%08X", magic));
		}
		CRC32C crc = new CRC32C();
		crc.update(buffer.duplicate().position(start).limit(start + 28));
		if ((int) crc.getValue() != buffer.getInt(start + 28)) {
			throw new MalformedDataException("file header checksum mismatch");
		}
		short version = buffer.getShort(start + 4);
		if (version != LogFormat.FORMAT_VERSION) {
			throw new MalformedDataException("unsupported format version " + version);
		}
		short kind = buffer.getShort(start + 6);
		long fileId = buffer.getLong(start + 8);
		if (fileId != expectedFileId) {
			throw new MalformedDataException("file header names file id " + fileId + ", not " + expectedFileId);
		}
		buffer.position(start + LogFormat.FILE_HEADER_SIZE);
		return new FileHeader(magic, kind, fileId, buffer.getLong(start + 16));
	}

}
