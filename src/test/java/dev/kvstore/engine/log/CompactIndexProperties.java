package dev.kvstore.engine.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.SortedKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of updates, lookups and listings run against {@link CompactIndex} and
 * a {@link TreeMap} side by side; every answer must match the model's, listing pages as
 * {@link SortedKeys} makes them from the model.
 */
class CompactIndexProperties {

	sealed interface Action {

	}

	record Put(byte[] key, IndexEntry entry) implements Action {

	}

	record Remove(byte[] key) implements Action {

	}

	/** Replace, expecting the current entry ({@code current}) or another. */
	record Replace(byte[] key, boolean current, IndexEntry replacement) implements Action {

	}

	record Get(byte[] key) implements Action {

	}

	record Listing(byte[] prefix, byte[] after, int limit) implements Action {

	}

	@Property(tries = 200)
	void tinyPagesBehaveLikeASortedMap(@ForAll("actions") List<Action> actions) {
		run(new CompactIndex(IndexPage.HEADER + 2 * IndexPage.SLOT, 4), actions);
	}

	@Property(tries = 100)
	void defaultPagesBehaveLikeASortedMap(@ForAll("actions") List<Action> actions) {
		run(new CompactIndex(), actions);
	}

	@Property(tries = 200)
	void bulkLoadedIndexesBehaveLikeASortedMap(@ForAll("loads") List<Put> loads,
			@ForAll("actions") List<Action> actions, @ForAll boolean tinyPages) {
		CompactIndex index = tinyPages ? new CompactIndex(IndexPage.HEADER + 2 * IndexPage.SLOT, 4)
				: new CompactIndex();
		TreeMap<byte[], IndexEntry> model = new TreeMap<>(Arrays::compareUnsigned);
		for (Put put : loads) {
			model.put(put.key(), put.entry());
		}
		KeyIndex.Loader loader = index.bulkLoader();
		model.forEach((key, entry) -> loader.add(key, 0, key.length, entry));
		loader.finish();
		run(index, model, actions);
	}

	private static void run(CompactIndex index, List<Action> actions) {
		run(index, new TreeMap<>(Arrays::compareUnsigned), actions);
	}

	/**
	 * Runs the actions on the index and on the model, which holds what the index does.
	 */
	private static void run(CompactIndex index, TreeMap<byte[], IndexEntry> model, List<Action> actions) {
		assertThat(index.size()).isEqualTo(model.size());
		for (Action action : actions) {
			if (action instanceof Put put) {
				assertThat(index.put(put.key(), put.entry())).isEqualTo(model.put(put.key(), put.entry()));
			}
			else if (action instanceof Remove remove) {
				assertThat(index.remove(remove.key())).isEqualTo(model.remove(remove.key()));
			}
			else if (action instanceof Replace replace) {
				IndexEntry current = model.get(replace.key());
				IndexEntry expected = (replace.current() && current != null) ? current : new IndexEntry(1, 2, 3, -1);
				boolean applies = current != null && current.equals(expected);
				assertThat(index.replace(replace.key(), expected, replace.replacement())).isEqualTo(applies);
				if (applies) {
					model.put(replace.key(), replace.replacement());
				}
			}
			else if (action instanceof Get get) {
				assertThat(index.get(get.key())).isEqualTo(model.get(get.key()));
			}
			else if (action instanceof Listing list) {
				KeyPage actual = index.list(list.prefix(), list.after(), list.limit());
				KeyPage expected = SortedKeys.page(model, list.prefix(), list.after(), list.limit());
				assertThat(KeyIndexContract.hex(actual.keys())).isEqualTo(KeyIndexContract.hex(expected.keys()));
				assertThat(KeyIndexContract.hex(actual.next())).isEqualTo(KeyIndexContract.hex(expected.next()));
			}
			assertThat(index.size()).isEqualTo(model.size());
		}
		KeyPage all = index.list(null, null, Integer.MAX_VALUE);
		assertThat(KeyIndexContract.hex(all.keys())).isEqualTo(KeyIndexContract.hex(new ArrayList<>(model.keySet())));
		model.forEach((key, entry) -> assertThat(index.get(key)).isEqualTo(entry));
	}

	/** Entries to load in bulk: up to a few hundred, so trees of tiny pages get deep. */
	@Provide
	Arbitrary<List<Put>> loads() {
		return Combinators.combine(keys(1), entries()).as(Put::new).list().ofMaxSize(400);
	}

	private static Arbitrary<IndexEntry> entries() {
		return Combinators
			.combine(Arbitraries.longs().between(0, IndexPage.MAX_SEGMENT_ID),
					Arbitraries.longs().between(0, IndexPage.MAX_OFFSET), Arbitraries.integers().greaterOrEqual(0),
					Arbitraries.longs())
			.as(IndexEntry::new);
	}

	@Provide
	Arbitrary<List<Action>> actions() {
		Arbitrary<byte[]> keys = keys(1);
		Arbitrary<IndexEntry> entries = entries();
		Arbitrary<Action> put = Combinators.combine(keys, entries).as(Put::new);
		Arbitrary<Action> remove = keys.map(Remove::new);
		Arbitrary<Action> replace = Combinators.combine(keys, Arbitraries.of(true, false), entries).as(Replace::new);
		Arbitrary<Action> get = keys.map(Get::new);
		Arbitrary<Action> list = Combinators
			.combine(keys(0).injectNull(0.3), keys(0).injectNull(0.5), Arbitraries.integers().between(1, 8))
			.as(Listing::new);
		return Arbitraries
			.frequencyOf(Tuple.of(6, put), Tuple.of(3, remove), Tuple.of(2, replace), Tuple.of(2, get),
					Tuple.of(2, list))
			.list()
			.ofMaxSize(300);
	}

	/**
	 * Short keys over bytes that sort differently signed and unsigned, so that keys share
	 * prefixes and collide often; now and then a long one.
	 */
	private static Arbitrary<byte[]> keys(int minLength) {
		Arbitrary<byte[]> short_ = Arbitraries
			.of((byte) 0x00, (byte) 'a', (byte) 'b', (byte) 0x7f, (byte) 0x80, (byte) 0xff)
			.array(byte[].class)
			.ofMinSize(minLength)
			.ofMaxSize(4);
		Arbitrary<byte[]> long_ = Arbitraries.integers().between(1, 300).map(n -> {
			byte[] key = new byte[n];
			Arrays.fill(key, (byte) 'a');
			return key;
		});
		return Arbitraries.frequencyOf(Tuple.of(20, short_), Tuple.of(1, long_));
	}

}
