package dev.kvstore.engine.log;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
