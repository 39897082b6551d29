package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * Writes and reads hint files (layout in {@link LogFormat}). A hint file is only ever
 * trusted whole: its trailer checksum covers every byte, and any doubt sends recovery
 * back to scanning the segment itself. Entries are sorted by key so that recovery merges
 * the hint files of all segments and loads the index in bulk; {@link HintFile} checks and
 * walks them.
 */
final class HintFiles {

	private static final int CHUNK = 1 << 16;

	/**
	 * The order of the entries in a hint file: by key as unsigned bytes, then by sequence
	 * number.
	 */
	static final Comparator<HintEntry> ORDER = Comparator
		.<HintEntry, byte[]>comparing(HintEntry::key, Arrays::compareUnsigned)
		.thenComparingLong(HintEntry::sequence);

	private HintFiles() {
	}

	/**
	 * Writes the hint file of a segment: to a temporary name, forced, then renamed. The
	 * directory is not forced here; a hint lost to a power loss only means a slower
	 * start.
	 * @param entries one per record of the segment, in any order: they are written sorted
	 * by key, then sequence number, so that recovery can merge hint files
	 */
	static void write(FileIo io, SegmentFiles files, long segmentId, long sequenceFloor, List<HintEntry> entries)
			throws IOException {
		List<HintEntry> sorted = new ArrayList<>(entries);
		sorted.sort(ORDER);
		Path target = files.hint(segmentId);
		Path temp = files.temp(target);
		io.deleteIfExists(temp);
		boolean done = false;
		try (FileHandle handle = io.open(temp, FileIo.Mode.CREATE_NEW)) {
			CRC32C crc = new CRC32C();
			ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
			long position = 0;
			buffer.put(new FileHeader(LogFormat.HINT_MAGIC, LogFormat.KIND_HINT, segmentId, sequenceFloor).encode());
			for (HintEntry entry : sorted) {
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
			buffer.putLong(sorted.size()).putInt((int) crc.getValue()).putInt(LogFormat.HINT_END_MAGIC).flip();
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
		return entries(HintFile.read(io, hint, segmentId, segmentSize));
	}

	/**
	 * Parses and checks the bytes of a whole hint file.
	 * @throws MalformedDataException if anything is wrong with them
	 */
	static List<HintEntry> parse(ByteBuffer bytes, long segmentId, long segmentSize) {
		byte[] copy = new byte[bytes.remaining()];
		bytes.duplicate().get(copy);
		return entries(HintFile.check(copy, segmentId, segmentSize));
	}

	private static List<HintEntry> entries(HintFile hint) {
		List<HintEntry> entries = new ArrayList<>(hint.count());
		HintFile.Cursor cursor = hint.cursor();
		while (cursor.next()) {
			entries.add(cursor.entry());
		}
		return entries;
	}

}
