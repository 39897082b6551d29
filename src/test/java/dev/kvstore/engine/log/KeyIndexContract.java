package dev.kvstore.engine.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.kvstore.engine.KeyPage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What every {@link KeyIndex} must do, run by each implementation by subclassing. Keys
 * are compared and listed as unsigned bytes.
 */
abstract class KeyIndexContract {

	/** A new, empty index. */
	protected abstract KeyIndex newIndex();

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	static IndexEntry entry(long n) {
		return new IndexEntry(n % 1000, n * 31, (int) (n % 100_000), n);
	}

	static List<String> hex(List<byte[]> keys) {
		return keys.stream().map(KeyIndexContract::hex).toList();
	}

	static String hex(byte[] key) {
		return (key != null) ? java.util.HexFormat.of().formatHex(key) : null;
	}

	private static List<String> listAll(KeyIndex index, byte[] prefix, int limit) {
		List<byte[]> keys = new ArrayList<>();
		byte[] after = null;
		do {
			KeyPage page = index.list(prefix, after, limit);
			assertThat(page.keys().size()).isLessThanOrEqualTo(limit);
			keys.addAll(page.keys());
			after = page.next();
		}
		while (after != null);
		return hex(keys);
	}

	@Test
	void anEmptyIndexHasNothing() {
		KeyIndex index = newIndex();
		assertThat(index.get(bytes("a"))).isNull();
		assertThat(index.remove(bytes("a"))).isNull();
		assertThat(index.replace(bytes("a"), entry(1), entry(2))).isFalse();
		assertThat(index.size()).isZero();
		KeyPage page = index.list(null, null, 10);
		assertThat(page.keys()).isEmpty();
		assertThat(page.next()).isNull();
	}

	@Test
	void putGetAndRemoveReturnWhatWasThere() {
		KeyIndex index = newIndex();
		assertThat(index.put(bytes("k"), entry(1))).isNull();
		assertThat(index.put(bytes("j"), entry(2))).isNull();
		assertThat(index.size()).isEqualTo(2);
		assertThat(index.get(bytes("k"))).isEqualTo(entry(1));
		assertThat(index.put(bytes("k"), entry(3))).isEqualTo(entry(1));
		assertThat(index.size()).isEqualTo(2);
		assertThat(index.get(bytes("k"))).isEqualTo(entry(3));
		assertThat(index.remove(bytes("k"))).isEqualTo(entry(3));
		assertThat(index.remove(bytes("k"))).isNull();
		assertThat(index.get(bytes("k"))).isNull();
		assertThat(index.get(bytes("j"))).isEqualTo(entry(2));
		assertThat(index.size()).isEqualTo(1);
	}

	@Test
	void replaceSucceedsOnlyWhenTheCurrentEntryIsTheExpectedOne() {
		KeyIndex index = newIndex();
		index.put(bytes("k"), entry(1));
		assertThat(index.replace(bytes("k"), entry(2), entry(3))).isFalse();
		assertThat(index.get(bytes("k"))).isEqualTo(entry(1));
		// Equal fields, another object: the entries are values.
		assertThat(index.replace(bytes("k"), new IndexEntry(1, 31, 1, 1), entry(4))).isTrue();
		assertThat(index.get(bytes("k"))).isEqualTo(entry(4));
		// Differing in one field only.
		assertThat(index.replace(bytes("k"), new IndexEntry(4, 124, 4, 5), entry(5))).isFalse();
		assertThat(index.replace(bytes("missing"), entry(1), entry(5))).isFalse();
		assertThat(index.get(bytes("missing"))).isNull();
		index.remove(bytes("k"));
		assertThat(index.replace(bytes("k"), entry(4), entry(5))).isFalse();
		assertThat(index.get(bytes("k"))).isNull();
		assertThat(index.size()).isZero();
	}

	@Test
	void replaceAllMakesEveryReplacementWhoseKeyIsUnchangedAndReturnsTheOthers() {
		KeyIndex index = newIndex();
		TreeMap<byte[], IndexEntry> model = new TreeMap<>(Arrays::compareUnsigned);
		Random random = new Random(7);
		for (int i = 0; i < 3000; i++) {
			byte[] key = bytes(String.format("key-%05d", random.nextInt(100_000)));
			index.put(key, entry(i));
			model.put(key, entry(i));
		}
		List<KeyIndex.Replacement> replacements = new ArrayList<>();
		List<String> expectedMissed = new ArrayList<>();
		int n = 10_000;
		for (var entry : model.entrySet()) {
			int kind = random.nextInt(4);
			if (kind == 3) {
				continue; // not moved at all
			}
			IndexEntry replacement = entry(n++);
			if (kind == 2) {
				// the key was written since the copy was made: the copy is stale
				replacements.add(new KeyIndex.Replacement(entry.getKey(), entry(n++), replacement));
				expectedMissed.add(hex(entry.getKey()));
			}
			else {
				replacements.add(new KeyIndex.Replacement(entry.getKey(), entry.getValue(), replacement));
				entry.setValue(replacement);
			}
		}
		// a key removed since: missed as well
		byte[] gone = bytes("key-999999");
		replacements.add(new KeyIndex.Replacement(gone, entry(1), entry(2)));
		expectedMissed.add(hex(gone));
		List<KeyIndex.Replacement> missed = index.replaceAll(replacements);
		assertThat(missed.stream().map((replacement) -> hex(replacement.key())).toList())
			.containsExactlyElementsOf(expectedMissed);
		assertMatches(index, model);
		assertThat(index.get(gone)).isNull();
	}

	@Test
	void listsInUnsignedByteOrder() {
		KeyIndex index = newIndex();
		List<byte[]> keys = List.of(bytes(0xff), bytes(0x80), bytes(0x7f), bytes("a"), bytes(0x61, 0x00), bytes("ab"),
				bytes("\u00e9"), bytes(0x00), bytes(0xff, 0xff), bytes("B"));
		for (int i = 0; i < keys.size(); i++) {
			index.put(keys.get(i), entry(i));
		}
		List<String> expected = keys.stream().sorted(Arrays::compareUnsigned).map(KeyIndexContract::hex).toList();
		assertThat(expected).containsExactly("00", "42", "61", "6100", "6162", "7f", "80", "c3a9", "ff", "ffff");
		assertThat(hex(index.list(null, null, 100).keys())).isEqualTo(expected);
		assertThat(listAll(index, null, 1)).isEqualTo(expected);
		assertThat(listAll(index, null, 3)).isEqualTo(expected);
	}

	@Test
	void listsKeysWithAPrefix() {
		KeyIndex index = newIndex();
		for (String key : List.of("a", "a/", "a/b", "a/b/c", "a0", "ab", "b", "a/\u00ff")) {
			index.put(bytes(key), entry(1));
		}
		assertThat(index.list(bytes("a/"), null, 10).keys()).map(String::new)
			.containsExactly("a/", "a/b", "a/b/c", "a/\u00ff");
		assertThat(index.list(bytes("a/b"), null, 10).keys()).map(String::new).containsExactly("a/b", "a/b/c");
		assertThat(index.list(bytes("a"), null, 10).keys()).hasSize(7);
		assertThat(index.list(bytes("c"), null, 10).keys()).isEmpty();
		assertThat(index.list(bytes("a/x"), null, 10).keys()).isEmpty();
		assertThat(index.list(bytes(0xff), null, 10).keys()).isEmpty();
		assertThat(index.list(bytes("a/b/c/d"), null, 10).keys()).isEmpty();
		assertThat(index.list(new byte[0], null, 10).keys()).hasSize(8);
	}

	@Test
	void listsAfterACursor() {
		KeyIndex index = newIndex();
		for (String key : List.of("a", "a/", "a/b", "a/c", "b")) {
			index.put(bytes(key), entry(1));
		}
		// A cursor before the prefix starts at the prefix; one that is no key still
		// works.
		assertThat(index.list(bytes("a/"), bytes("a"), 10).keys()).map(String::new).containsExactly("a/", "a/b", "a/c");
		assertThat(index.list(bytes("a/"), bytes("a/"), 10).keys()).map(String::new).containsExactly("a/b", "a/c");
		assertThat(index.list(bytes("a/"), bytes("a/bb"), 10).keys()).map(String::new).containsExactly("a/c");
		assertThat(index.list(bytes("a/"), bytes("a/c"), 10).keys()).isEmpty();
		assertThat(index.list(bytes("a/"), bytes("z"), 10).keys()).isEmpty();
		assertThat(index.list(null, bytes("a/c"), 10).keys()).map(String::new).containsExactly("b");
		assertThat(index.list(null, bytes(0xff), 10).keys()).isEmpty();
	}

	@Test
	void pagesEndWithACursorOnlyWhenMoreKeysFollow() {
		KeyIndex index = newIndex();
		for (String key : List.of("p/1", "p/2", "p/3", "q")) {
			index.put(bytes(key), entry(1));
		}
		KeyPage first = index.list(bytes("p/"), null, 2);
		assertThat(first.keys()).map(String::new).containsExactly("p/1", "p/2");
		assertThat(first.next()).isEqualTo(bytes("p/2"));
		KeyPage second = index.list(bytes("p/"), first.next(), 2);
		assertThat(second.keys()).map(String::new).containsExactly("p/3");
		assertThat(second.next()).isNull();
		// Exactly a page of keys: no cursor, because nothing with the prefix follows.
		KeyPage exact = index.list(bytes("p/"), null, 3);
		assertThat(exact.keys()).hasSize(3);
		assertThat(exact.next()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> index.list(null, null, 0));
	}

	@Test
	void listedKeysAreCopies() {
		KeyIndex index = newIndex();
		index.put(bytes("abc"), entry(1));
		byte[] listed = index.list(null, null, 1).keys().get(0);
		listed[0] = 'x';
		assertThat(index.get(bytes("abc"))).isEqualTo(entry(1));
		assertThat(index.list(null, null, 1).keys().get(0)).isEqualTo(bytes("abc"));
	}

	@Test
	void manyEntriesInAnyOrderThenRemoved() {
		KeyIndex index = newIndex();
		TreeMap<byte[], IndexEntry> model = new TreeMap<>(Arrays::compareUnsigned);
		Random random = new Random(42);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			order.add(i);
		}
		Collections.shuffle(order, random);
		for (int i : order) {
			byte[] key = bytes(String.format("key-%06d-%s", i, "x".repeat(i % 17)));
			assertThat(index.put(key, entry(i))).isNull();
			model.put(key, entry(i));
		}
		assertThat(index.size()).isEqualTo(model.size());
		assertMatches(index, model);
		// Remove most, in another order, leaving sparse pages to merge.
		List<byte[]> keys = new ArrayList<>(model.keySet());
		Collections.shuffle(keys, random);
		for (int i = 0; i < keys.size(); i++) {
			if (i % 10 != 0) {
				assertThat(index.remove(keys.get(i))).isEqualTo(model.remove(keys.get(i)));
			}
		}
		assertMatches(index, model);
		for (byte[] key : new ArrayList<>(model.keySet())) {
			assertThat(index.remove(key)).isEqualTo(model.remove(key));
		}
		assertThat(index.size()).isZero();
		assertThat(index.list(null, null, 10).keys()).isEmpty();
		index.put(bytes("again"), entry(7));
		assertThat(index.get(bytes("again"))).isEqualTo(entry(7));
		assertThat(index.size()).isEqualTo(1);
	}

	@Test
	void keysInAscendingOrderSplitPagesAtTheRightEnd() {
		KeyIndex index = newIndex();
		TreeMap<byte[], IndexEntry> model = new TreeMap<>(Arrays::compareUnsigned);
		for (int i = 0; i < 10_000; i++) {
			byte[] key = bytes(String.format("%08d", i));
			index.put(key, entry(i));
			model.put(key, entry(i));
		}
		assertMatches(index, model);
		for (int i = 9_999; i >= 0; i -= 2) {
			byte[] key = bytes(String.format("%08d", i));
			assertThat(index.remove(key)).isEqualTo(model.remove(key));
		}
		assertMatches(index, model);
	}

	private static void assertMatches(KeyIndex index, TreeMap<byte[], IndexEntry> model) {
		assertThat(index.size()).isEqualTo(model.size());
		model.forEach((key, value) -> assertThat(index.get(key)).isEqualTo(value));
		List<String> expected = hex(new ArrayList<>(model.keySet()));
		assertThat(listAll(index, null, 1000)).isEqualTo(expected);
		assertThat(listAll(index, null, 7)).isEqualTo(expected);
	}

	/**
	 * A random set of {@code n} keys: short ones over bytes that sort differently signed
	 * and unsigned (so that many share prefixes), now and then one longer than a page.
	 */
	private static TreeMap<byte[], IndexEntry> randomEntries(Random random, int n) {
		byte[] alphabet = bytes(0x00, 'a', 'b', 0x7f, 0x80, 0xff);
		TreeMap<byte[], IndexEntry> entries = new TreeMap<>(Arrays::compareUnsigned);
		while (entries.size() < n) {
			byte[] key = new byte[(random.nextInt(200) == 0) ? 1500 + random.nextInt(3000) : 1 + random.nextInt(12)];
			for (int i = 0; i < key.length; i++) {
				key[i] = alphabet[random.nextInt(alphabet.length)];
			}
			entries.put(key, entry(random.nextInt(1_000_000)));
		}
		return entries;
	}

	/** Loads the entries in bulk, each key inside a larger array. */
	private static KeyIndex load(KeyIndex index, TreeMap<byte[], IndexEntry> entries) {
		KeyIndex.Loader loader = index.bulkLoader();
		entries.forEach((key, entry) -> {
			byte[] source = new byte[key.length + 7];
			Arrays.fill(source, (byte) 0x55);
			System.arraycopy(key, 0, source, 3, key.length);
			loader.add(source, 3, 3 + key.length, entry);
		});
		loader.finish();
		return index;
	}

	@Test
	void bulkLoadingGivesWhatPutsGiveAndTheIndexGoesOnWorking() {
		Random random = new Random(7);
		for (int n : new int[] { 0, 1, 2, 3, 5, 29, 30, 31, 64, 65, 257, 4_000 }) {
			TreeMap<byte[], IndexEntry> model = randomEntries(random, n);
			KeyIndex loaded = load(newIndex(), model);
			KeyIndex put = newIndex();
			model.forEach(put::put);
			assertMatches(loaded, model);
			assertThat(loaded.size()).isEqualTo(put.size());
			for (int i = 0; i < 200; i++) {
				byte[] probe = randomEntries(random, 1).firstKey();
				assertThat(loaded.get(probe)).isEqualTo(model.get(probe));
				byte[] prefix = (i % 3 == 0) ? null : Arrays.copyOf(probe, 1 + random.nextInt(2));
				byte[] after = (i % 2 == 0) ? null : randomEntries(random, 1).firstKey();
				int limit = 1 + random.nextInt(9);
				KeyPage expected = put.list(prefix, after, limit);
				KeyPage actual = loaded.list(prefix, after, limit);
				assertThat(hex(actual.keys())).isEqualTo(hex(expected.keys()));
				assertThat(hex(actual.next())).isEqualTo(hex(expected.next()));
			}
			// Puts, removes and replaces on the loaded nodes: splits and merges.
			List<byte[]> pool = new ArrayList<>(model.keySet());
			pool.addAll(randomEntries(random, Math.max(10, n)).keySet());
			for (int i = 0; i < 3 * n + 50; i++) {
				byte[] key = pool.get(random.nextInt(pool.size()));
				int action = random.nextInt(10);
				if (action < 4) {
					IndexEntry entry = entry(random.nextInt(1_000_000));
					assertThat(loaded.put(key, entry)).isEqualTo(model.put(key, entry));
				}
				else if (action < 8) {
					assertThat(loaded.remove(key)).isEqualTo(model.remove(key));
				}
				else {
					IndexEntry current = model.get(key);
					IndexEntry expected = (current != null && action == 8) ? current : entry(1_000_001);
					boolean applies = expected.equals(current);
					assertThat(loaded.replace(key, expected, entry(i))).isEqualTo(applies);
					if (applies) {
						model.put(key, entry(i));
					}
				}
			}
			assertMatches(loaded, model);
		}
	}

	@Test
	void bulkLoadingRefusesKeysOutOfOrder() {
		KeyIndex index = newIndex();
		KeyIndex.Loader loader = index.bulkLoader();
		loader.add(bytes("b"), 0, 1, entry(1));
		assertThatIllegalStateException().isThrownBy(() -> loader.add(bytes("a"), 0, 1, entry(2)));
		assertThatIllegalStateException().isThrownBy(() -> loader.add(bytes("b"), 0, 1, entry(2)));
		assertThatIllegalStateException().isThrownBy(() -> loader.add(bytes("xb"), 1, 2, entry(2)));
		// Unsigned: 0x80 sorts after "b", and a key sorts after its prefix.
		loader.add(bytes(0x80), 0, 1, entry(3));
		loader.add(bytes(0x80, 0x00), 0, 2, entry(4));
		loader.finish();
		assertThatIllegalStateException().isThrownBy(() -> loader.add(bytes(0xff), 0, 1, entry(5)));
		assertThatIllegalStateException().isThrownBy(loader::finish);
		assertThat(index.size()).isEqualTo(3);
		assertThat(hex(index.list(null, null, 10).keys())).containsExactly("62", "80", "8000");
		assertThat(index.get(bytes(0x80, 0x00))).isEqualTo(entry(4));
	}

	private static TreeMap<byte[], IndexEntry> single(byte[] key, IndexEntry entry) {
		TreeMap<byte[], IndexEntry> entries = new TreeMap<>(Arrays::compareUnsigned);
		entries.put(key, entry);
		return entries;
	}

	@Test
	void onlyAnEmptyIndexCanBeLoadedInBulk() {
		KeyIndex index = newIndex();
		load(index, single(bytes("a"), entry(1)));
		assertThatIllegalStateException().isThrownBy(index::bulkLoader);
		KeyIndex used = newIndex();
		used.put(bytes("a"), entry(1));
		assertThatIllegalStateException().isThrownBy(used::bulkLoader);
		used.remove(bytes("a"));
		load(used, single(bytes("b"), entry(2)));
		assertThat(used.get(bytes("b"))).isEqualTo(entry(2));
		assertThat(used.size()).isEqualTo(1);
		KeyIndex nothing = load(newIndex(), new TreeMap<>(Arrays::compareUnsigned));
		assertThat(nothing.size()).isZero();
		assertThat(nothing.list(null, null, 10).keys()).isEmpty();
		nothing.put(bytes("c"), entry(3));
		assertThat(nothing.get(bytes("c"))).isEqualTo(entry(3));
	}

	@Test
	void largeKeys() {
		KeyIndex index = newIndex();
		List<byte[]> keys = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			byte[] key = new byte[64 * 1024];
			Arrays.fill(key, (byte) 'k');
			key[key.length - 1] = (byte) ('0' + i);
			keys.add(key);
			keys.add(bytes("k" + i));
		}
		for (int i = 0; i < keys.size(); i++) {
			index.put(keys.get(i), entry(i));
		}
		for (int i = 0; i < keys.size(); i++) {
			assertThat(index.get(keys.get(i))).isEqualTo(entry(i));
		}
		assertThat(listAll(index, null, 5))
			.isEqualTo(keys.stream().sorted(Arrays::compareUnsigned).map(KeyIndexContract::hex).toList());
		assertThat(index.list(bytes("kk"), null, 10).keys()).hasSize(6);
		for (int i = 0; i < keys.size(); i += 2) {
			assertThat(index.remove(keys.get(i))).isEqualTo(entry(i));
		}
		assertThat(index.size()).isEqualTo(6);
		assertThat(index.list(bytes("kk"), null, 10).keys()).isEmpty();
		assertThat(index.get(keys.get(1))).isEqualTo(entry(1));
	}

	@Test
	void extremeValuesSurvive() {
		KeyIndex index = newIndex();
		// The largest a record can be: a header, the longest key and the largest value.
		int largestRecord = (int) LogFormat.recordSize(LogFormat.KEY_LENGTH_CEILING, LogFormat.VALUE_LENGTH_CEILING);
		IndexEntry high = new IndexEntry(IndexPage.MAX_SEGMENT_ID, LogOptions.MAX_SEGMENT_SIZE - 1, largestRecord,
				Long.MAX_VALUE);
		IndexEntry highest = new IndexEntry(IndexPage.MAX_SEGMENT_ID, IndexPage.MAX_OFFSET, Integer.MAX_VALUE,
				Long.MAX_VALUE);
		IndexEntry low = new IndexEntry(0, 0, 0, 0);
		IndexEntry odd = new IndexEntry(0x8000_0001L, (1L << 39) + 0x80, 0x8081, Long.MIN_VALUE + 1);
		index.put(bytes("high"), high);
		index.put(bytes("highest"), highest);
		index.put(bytes("low"), low);
		index.put(bytes("odd"), odd);
		assertThat(index.get(bytes("high"))).isEqualTo(high);
		assertThat(index.get(bytes("highest"))).isEqualTo(highest);
		assertThat(index.get(bytes("low"))).isEqualTo(low);
		assertThat(index.get(bytes("odd"))).isEqualTo(odd);
		assertThat(index.replace(bytes("high"), high, low)).isTrue();
		assertThat(index.get(bytes("high"))).isEqualTo(low);
	}

	@Test
	void memoryEstimateGrowsWithTheKeys() {
		KeyIndex index = newIndex();
		long empty = index.estimatedMemoryBytes();
		for (int i = 0; i < 1000; i++) {
			index.put(bytes(String.format("key-%08d", i)), entry(i));
		}
		long full = index.estimatedMemoryBytes();
		// At least the key bytes and the entry's 21 bytes of fields.
		assertThat(full - empty).isGreaterThan(1000L * (12 + 21));
		for (int i = 0; i < 1000; i++) {
			index.remove(bytes(String.format("key-%08d", i)));
		}
		assertThat(index.estimatedMemoryBytes()).isLessThan(full / 10);
	}

}
