package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.DiskIo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HintFilesTest {

	@TempDir
	Path dir;

	private List<HintEntry> entries() {
		return List.of(new HintEntry(1, 32, 5, "alpha".getBytes(StandardCharsets.UTF_8), false),
				new HintEntry(2, 63, 0, "beta".getBytes(StandardCharsets.UTF_8), true));
	}

	private Path write() throws IOException {
		SegmentFiles files = new SegmentFiles(this.dir);
		HintFiles.write(DiskIo.INSTANCE, files, 4, 3, entries());
		return files.hint(4);
	}

	@Test
	void hintRoundTrips() throws IOException {
		Path hint = write();
		List<HintEntry> read = HintFiles.read(DiskIo.INSTANCE, hint, 4, 1000);
		assertThat(read).hasSize(2);
		assertThat(read.get(0).key()).isEqualTo(entries().get(0).key());
		assertThat(read.get(0).offset()).isEqualTo(32);
		assertThat(read.get(1).tombstone()).isTrue();
		assertThat(read.get(1).sequence()).isEqualTo(2);
		assertThat(Files.exists(new SegmentFiles(this.dir).temp(hint))).isFalse();
	}

	@Test
	void everyFlippedByteMakesTheHintUnusable() throws IOException {
		Path hint = write();
		byte[] original = Files.readAllBytes(hint);
		for (int i = 0; i < original.length; i++) {
			byte[] damaged = original.clone();
			damaged[i] ^= 0x10;
			Files.write(hint, damaged);
			assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 4, 1000))
				.isInstanceOf(MalformedDataException.class);
		}
	}

	@Test
	void truncatedHintIsUnusable() throws IOException {
		Path hint = write();
		byte[] original = Files.readAllBytes(hint);
		for (int length = 0; length < original.length; length++) {
			Files.write(hint, java.util.Arrays.copyOf(original, length));
			assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 4, 1000))
				.isInstanceOf(MalformedDataException.class);
		}
	}

	@Test
	void entryPointingPastItsSegmentIsUnusable() throws IOException {
		Path hint = write();
		assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 4, 60))
			.isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("outside its segment");
	}

	@Test
	void entriesAreWrittenSortedByKeyThenSequence() throws IOException {
		SegmentFiles files = new SegmentFiles(this.dir);
		List<HintEntry> scattered = List.of(entry("b", 5), entry("a", 9), entry("b", 2), entry("\u00e9", 1),
				entry("B", 7), entry("a", 3), entry("ab", 4));
		HintFiles.write(DiskIo.INSTANCE, files, 4, 3, scattered);
		List<HintEntry> read = HintFiles.read(DiskIo.INSTANCE, files.hint(4), 4, 1000);
		// Unsigned bytes: "B" (0x42) < "a" < "ab" < "b" < "\u00e9" (0xc3 0xa9).
		assertThat(read).extracting((entry) -> new String(entry.key(), StandardCharsets.UTF_8) + "@" + entry.sequence())
			.containsExactly("B@7", "a@3", "a@9", "ab@4", "b@2", "b@5", "\u00e9@1");
	}

	@Test
	void entriesOutOfOrderMakeTheHintUnusable() {
		// A hint file sound in every other way, as format version 1 wrote it before hint
		// files were sorted: recovery must scan the segment instead.
		List<List<HintEntry>> unsorted = List.of(List.of(entry("b", 1), entry("a", 2)),
				List.of(entry("a", 2), entry("a", 1)), List.of(entry("a", 2), entry("a", 2)),
				List.of(entry("a", 1), entry("c", 2), entry("b", 3)), List.of(entry("ab", 1), entry("a", 2)));
		for (List<HintEntry> entries : unsorted) {
			byte[] bytes = encodeAsGiven(entries);
			assertThatThrownBy(() -> HintFiles.parse(ByteBuffer.wrap(bytes), 4, 1000))
				.isInstanceOf(MalformedDataException.class)
				.hasMessageContaining("not in order");
		}
		byte[] sorted = encodeAsGiven(List.of(entry("a", 1), entry("a", 2), entry("ab", 1), entry("b", 3)));
		assertThat(HintFiles.parse(ByteBuffer.wrap(sorted), 4, 1000)).hasSize(4);
	}

	@Test
	void aCursorWalksTheEntriesWithoutCopyingKeys() throws IOException {
		Path hint = write();
		HintFile file = HintFile.read(DiskIo.INSTANCE, hint, 4, 1000);
		assertThat(file.count()).isEqualTo(2);
		assertThat(file.fileBytes()).isEqualTo((int) Files.size(hint));
		HintFile.Cursor cursor = file.cursor();
		assertThat(cursor.next()).isTrue();
		assertThat(new String(cursor.source(), cursor.keyFrom(), cursor.keyTo() - cursor.keyFrom(),
				StandardCharsets.UTF_8))
			.isEqualTo("alpha");
		assertThat(cursor.sequence()).isEqualTo(1);
		assertThat(cursor.offset()).isEqualTo(32);
		assertThat(cursor.valueLength()).isEqualTo(5);
		assertThat(cursor.recordSize()).isEqualTo(LogFormat.RECORD_HEADER_SIZE + 5 + 5);
		assertThat(cursor.tombstone()).isFalse();
		assertThat(cursor.next()).isTrue();
		assertThat(cursor.source()).isSameAs(file.cursor().source());
		assertThat(cursor.tombstone()).isTrue();
		assertThat(cursor.next()).isFalse();
		assertThat(cursor.next()).isFalse();
	}

	@Test
	void anOffsetSoLargeThatItWouldOverflowIsUnusable() {
		byte[] bytes = encodeAsGiven(List.of(new HintEntry(1, Long.MAX_VALUE - 10, 5, bytes("a"), false)));
		assertThatThrownBy(() -> HintFiles.parse(ByteBuffer.wrap(bytes), 4, 1000))
			.isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("outside its segment");
	}

	private static HintEntry entry(String key, long sequence) {
		return new HintEntry(sequence, 32, 1, bytes(key), false);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A hint file of segment 4 with the entries in the order given, checksum and all. */
	private static byte[] encodeAsGiven(List<HintEntry> entries) {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		buffer.put(new FileHeader(LogFormat.HINT_MAGIC, LogFormat.KIND_HINT, 4, 3).encode());
		for (HintEntry entry : entries) {
			buffer.putLong(entry.sequence())
				.putLong(entry.offset())
				.putInt(entry.valueLength())
				.putInt(entry.key().length)
				.put(entry.tombstone() ? LogFormat.FLAG_TOMBSTONE : 0)
				.put(entry.key());
		}
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), 0, buffer.position());
		buffer.putLong(entries.size()).putInt((int) crc.getValue()).putInt(LogFormat.HINT_END_MAGIC);
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	@Test
	void hintOfAnotherSegmentIsUnusable() throws IOException {
		Path hint = write();
		assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 5, 1000))
			.isInstanceOf(MalformedDataException.class);
	}

}
