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
 * The commit record of a compaction (layout in {@link LogFormat}): the ids of the
 * segments its outputs replace. Once it is durable, recovery deletes every one of them,
 * so the inputs go all together or not at all. That is what keeps a deleted key deleted:
 * an output drops a tombstone, and the value the tombstone hid may sit in another input;
 * deleting only some inputs could bring the value back.
 */
final class CompactionCommit {

	private CompactionCommit() {
	}

	/**
	 * Writes the commit record durably: temporary file, force, rename, directory force.
	 */
	static void write(FileIo io, SegmentFiles files, List<Long> replacedIds) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(8 + 8 * replacedIds.size() + 4);
		buffer.putInt(LogFormat.COMMIT_MAGIC).putInt(replacedIds.size());
		for (long id : replacedIds) {
			buffer.putLong(id);
		}
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), 0, buffer.position());
		buffer.putInt((int) crc.getValue()).flip();
		Path target = files.compactionCommit();
		Path temp = files.temp(target);
		io.deleteIfExists(temp);
		try (FileHandle handle = io.open(temp, FileIo.Mode.CREATE_NEW)) {
			handle.write(buffer, 0);
			handle.force();
		}
		io.moveAtomically(temp, target);
		// Only a durable name commits the compaction.
		io.forceDirectory(files.directory());
	}

	/**
	 * Reads a commit record.
	 * @throws MalformedDataException if it is incomplete or damaged
	 */
	static List<Long> read(FileIo io, Path commit) throws IOException {
		try (FileHandle handle = io.open(commit, FileIo.Mode.READ)) {
			long size = handle.size();
			if (size < 12 || size > 8 + 8L * 1_000_000 + 4) {
				throw new MalformedDataException("commit file has an impossible size " + size);
			}
			ByteBuffer buffer = ByteBuffer.allocate((int) size);
			handle.read(buffer, 0);
			buffer.flip();
			int count = buffer.getInt(4);
			if (buffer.getInt(0) != LogFormat.COMMIT_MAGIC || count < 0 || size != 8 + 8L * count + 4) {
				throw new MalformedDataException("commit file header is damaged");
			}
			CRC32C crc = new CRC32C();
			crc.update(buffer.array(), 0, (int) size - 4);
			if ((int) crc.getValue() != buffer.getInt((int) size - 4)) {
				throw new MalformedDataException("commit file checksum mismatch");
			}
			List<Long> ids = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				ids.add(buffer.getLong(8 + 8 * i));
			}
			return ids;
		}
	}

}
