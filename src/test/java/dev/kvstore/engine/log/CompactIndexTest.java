package dev.kvstore.engine.log;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CompactIndexTest extends KeyIndexContract {

	@Override
	protected KeyIndex newIndex() {
		return new CompactIndex();
	}

	@Test
	void rejectsEntriesItCannotPackAndKeepsWhatItHad() {
		CompactIndex index = new CompactIndex();
		index.put(bytes("k"), entry(1));
		IndexEntry[] impossible = { new IndexEntry(IndexPage.MAX_SEGMENT_ID + 1, 0, 0, 0), new IndexEntry(-1, 0, 0, 0),
				new IndexEntry(0, IndexPage.MAX_OFFSET + 1, 0, 0), new IndexEntry(0, -1, 0, 0),
				new IndexEntry(0, 0, -1, 0) };
		for (IndexEntry entry : impossible) {
			assertThatIllegalArgumentException().isThrownBy(() -> index.put(bytes("k"), entry))
				.withMessageContaining("range");
			assertThatIllegalArgumentException().isThrownBy(() -> index.put(bytes("new"), entry));
			assertThatIllegalArgumentException().isThrownBy(() -> index.replace(bytes("k"), entry(1), entry));
		}
		assertThat(index.get(bytes("k"))).isEqualTo(entry(1));
		assertThat(index.get(bytes("new"))).isNull();
		assertThat(index.size()).isEqualTo(1);
	}

	@Test
	void segmentsCannotOutgrowTheOffsetsTheIndexKeeps() {
		LogOptions options = LogOptions.defaults(Path.of("unused"));
		assertThat(options.withSegmentSize(LogOptions.MAX_SEGMENT_SIZE).segmentSize()).isEqualTo(1L << 40);
		assertThatIllegalArgumentException().isThrownBy(() -> options.withSegmentSize(LogOptions.MAX_SEGMENT_SIZE + 1))
			.withMessageContaining("1 TiB");
	}

	@Test
	void aLoadIsNotPublishedOverEntriesPutMeanwhile() {
		CompactIndex index = new CompactIndex();
		KeyIndex.Loader loader = index.bulkLoader();
		loader.add(bytes("a"), 0, 1, entry(1));
		index.put(bytes("z"), entry(2));
		assertThatIllegalStateException().isThrownBy(loader::finish);
		assertThat(index.get(bytes("a"))).isNull();
		assertThat(index.get(bytes("z"))).isEqualTo(entry(2));
		assertThat(index.size()).isEqualTo(1);
	}

	@Test
	void aLoadRejectsEntriesItCannotPack() {
		KeyIndex.Loader loader = new CompactIndex().bulkLoader();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> loader.add(bytes("k"), 0, 1, new IndexEntry(IndexPage.MAX_SEGMENT_ID + 1, 0, 0, 0)));
	}

	@Test
	void aBulkLoadPacksPagesFullAndCostsLessThanPuts() {
		int keys = 200_000;
		java.util.TreeMap<byte[], IndexEntry> entries = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
		for (int i = 0; i < keys; i++) {
			entries.put(bytes(String.format("user:%07d", (i * 7919L) % keys) + "abcd".substring(0, i % 5)), entry(i));
		}
		CompactIndex put = new CompactIndex();
		entries.forEach(put::put);
		CompactIndex loaded = new CompactIndex();
		KeyIndex.Loader loader = loaded.bulkLoader();
		entries.forEach((key, entry) -> loader.add(key, 0, key.length, entry));
		loader.finish();
		long keyBytes = entries.keySet().stream().mapToLong((key) -> key.length).sum();
		double putPerKey = (double) (put.estimatedMemoryBytes() - keyBytes) / keys;
		double loadedPerKey = (double) (loaded.estimatedMemoryBytes() - keyBytes) / keys;
		// Full 1 KB pages: the slot (25 bytes), and a share of a page's header,
		// padding and separator, against pages three quarters full on average after
		// puts.
		assertThat(loadedPerKey).isBetween(25.0, 28.5).isLessThan(putPerKey);
		// And a page never too full: the first put into a full page splits it.
		loaded.put(bytes("user:0000000-"), entry(1));
		assertThat(loaded.get(bytes("user:0000000-"))).isEqualTo(entry(1));
		assertThat(loaded.size()).isEqualTo(keys + 1);
	}

	@Test
	void keepsItsOwnCopyOfEachKey() {
		CompactIndex index = new CompactIndex();
		byte[] key = bytes("mutable");
		index.put(key, entry(1));
		key[0] = 'n';
		assertThat(index.get(bytes("mutable"))).isEqualTo(entry(1));
		assertThat(index.get(key)).isNull();
	}

	@Test
	void costsLessThanFortyBytesPerKeyBesidesTheKey() {
		CompactIndex index = new CompactIndex();
		int keys = 200_000;
		long keyBytes = 0;
		for (int i = 0; i < keys; i++) {
			// 12 to 16 bytes, inserted in a scattered order.
			byte[] key = bytes(String.format("user:%07d", (i * 7919L) % keys) + "abcd".substring(0, i % 5));
			index.put(key, entry(i));
			keyBytes += key.length;
		}
		assertThat(index.size()).isEqualTo(keys);
		double perKey = (double) (index.estimatedMemoryBytes() - keyBytes) / keys;
		assertThat(perKey).isBetween(25.0, 40.0);
	}

}
