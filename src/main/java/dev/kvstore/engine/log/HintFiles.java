package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * Writes and reads hint files (layout in {@link LogFormat}). A hint file is only ever
 * trusted whole: its trailer checksum covers every byte, and any doubt sends recovery
 * back to scanning the segment itself.
 */
final class HintFiles {

	private static final int CHUNK = 1 << 16;

	private HintFiles() {
	}

	/**
	 * Writes the hint file of a segment: to a temporary name, forced, then renamed. The
	 * directory is not forced here; a hint lost to a power loss only means a slower
	 * start.
	 */
	static void write(FileIo io, SegmentFiles files, long segmentId, long sequenceFloor, List<HintEntry> entries)
			throws IOException {
		Path target = files.hint(segmentId);
		Path temp = files.temp(target);
		io.deleteIfExists(temp);
		boolean done = false;
		try (FileHandle handle = io.open(temp, FileIo.Mode.CREATE_NEW)) {
			CRC32C crc = new CRC32C();
			ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
			long position = 0;
			buffer.put(new FileHeader(LogFormat.HINT_MAGIC, LogFormat.KIND_HINT, segmentId, sequenceFloor).encode());
			for (HintEntry entry : entries) {
				int size = LogFormat.HINT_ENTRY_HEADER_SIZE + entry.key().length;
				if (buffer.remaining() < size) {
					position = flush(handle, buffer, position, crc);
					if (buffer.capacity() < size) {
						buffer = ByteBuffer.allocate(size);
					}
				}
				buffer.putLong(entry.sequence())
					.putLong(entry.offset())
					.putInt(entry.valueLength())
					.putInt(entry.key().length)
					.put(entry.tombstone() ? LogFormat.FLAG_TOMBSTONE : 0)
					.put(entry.key());
			}
			position = flush(handle, buffer, position, crc);
			buffer.putLong(entries.size()).putInt((int) crc.getValue()).putInt(LogFormat.HINT_END_MAGIC).flip();
			handle.write(buffer, position);
			// The content must be on disk before the name: a renamed but empty hint file
			// after a power loss would only be rejected, but a forced one is never lost.
			handle.force();
			done = true;
		}
		finally {
			if (!done) {
				io.deleteIfExists(temp);
			}
		}
		io.moveAtomically(temp, target);
	}

	private static long flush(FileHandle handle, ByteBuffer buffer, long position, CRC32C crc) throws IOException {
		buffer.flip();
		crc.update(buffer.duplicate());
		int length = buffer.remaining();
		handle.write(buffer, position);
		buffer.clear();
		return position + length;
	}

	/**
	 * Reads and checks a whole hint file.
	 * @param segmentSize the size of the segment it describes: every entry must lie
	 * inside
	 * @throws MalformedDataException if anything is wrong with it
	 */
	static List<HintEntry> read(FileIo io, Path hint, long segmentId, long segmentSize) throws IOException {
		try (FileHandle handle = io.open(hint, FileIo.Mode.READ)) {
			long fileSize = handle.size();
			if (fileSize < LogFormat.FILE_HEADER_SIZE + LogFormat.HINT_TRAILER_SIZE || fileSize > Integer.MAX_VALUE) {
				throw new MalformedDataException("hint file has an impossible size " + fileSize);
			}
			ByteBuffer bytes = ByteBuffer.allocate((int) fileSize);
			if (handle.read(bytes, 0) != fileSize) {
				throw new MalformedDataException("hint file changed while read");
			}
			return parse(bytes.flip(), segmentId, segmentSize);
		}
	}

	/**
	 * Parses and checks the bytes of a whole hint file.
	 * @throws MalformedDataException if anything is wrong with them
	 */
	static List<HintEntry> parse(ByteBuffer bytes, long segmentId, long segmentSize) {
		int size = bytes.remaining();
		if (size < LogFormat.FILE_HEADER_SIZE + LogFormat.HINT_TRAILER_SIZE) {
			throw new MalformedDataException("hint file has an impossible size " + size);
		}
		ByteBuffer whole = bytes.slice();
		int trailerAt = size - LogFormat.HINT_TRAILER_SIZE;
		if (whole.getInt(trailerAt + 12) != LogFormat.HINT_END_MAGIC) {
			throw new MalformedDataException("hint file has no end marker");
		}
		CRC32C crc = new CRC32C();
		crc.update(whole.duplicate().limit(trailerAt));
		if ((int) crc.getValue() != whole.getInt(trailerAt + 8)) {
			throw new MalformedDataException("hint file checksum mismatch");
		}
		FileHeader.decode(whole.duplicate().limit(LogFormat.FILE_HEADER_SIZE), LogFormat.HINT_MAGIC, segmentId);
		long count = whole.getLong(trailerAt);
		ByteBuffer body = whole.duplicate().position(LogFormat.FILE_HEADER_SIZE).limit(trailerAt);
		List<HintEntry> entries = new ArrayList<>();
		while (body.hasRemaining()) {
			entries.add(readEntry(body, segmentSize));
		}
		if (entries.size() != count) {
			throw new MalformedDataException("hint file entry count mismatch");
		}
		return entries;
	}

	private static HintEntry readEntry(ByteBuffer bytes, long segmentSize) {
		if (bytes.remaining() < LogFormat.HINT_ENTRY_HEADER_SIZE) {
			throw new MalformedDataException("hint entry is cut short");
		}
		long sequence = bytes.getLong();
		long offset = bytes.getLong();
		int valueLength = bytes.getInt();
		int keyLength = bytes.getInt();
		byte flags = bytes.get();
		if (keyLength < 1 || keyLength > LogFormat.KEY_LENGTH_CEILING || keyLength > bytes.remaining()) {
			throw new MalformedDataException("hint entry has an impossible key length " + keyLength);
		}
		if (valueLength < 0 || valueLength > LogFormat.VALUE_LENGTH_CEILING
				|| (flags & ~LogFormat.FLAG_TOMBSTONE) != 0) {
			throw new MalformedDataException("hint entry has an impossible value length or flags");
		}
		byte[] key = new byte[keyLength];
		bytes.get(key);
		HintEntry entry = new HintEntry(sequence, offset, valueLength, key, flags == LogFormat.FLAG_TOMBSTONE);
		if (offset < LogFormat.FILE_HEADER_SIZE || offset + entry.recordSize() > segmentSize) {
			throw new MalformedDataException("hint entry points outside its segment");
		}
		return entry;
	}

}
