package dev.kvstore.engine.log;

import java.util.ArrayList;
import java.util.List;

import dev.kvstore.engine.KeyPage;

/**
 * The in-memory map from each present key to its newest record. Deleted keys are absent.
 * All methods are thread-safe; updates of one key are atomic. Behind an interface so that
 * the layout can change without touching the rest of the engine: the engine uses
 * {@link CompactIndex} (no object per entry); {@link SkipListIndex} stays to compare
 * with.
 */
interface KeyIndex {

	/** The entry of {@code key}, or {@code null} if absent. */
	IndexEntry get(byte[] key);

	/**
	 * Sets the entry of {@code key}.
	 * @return the entry it replaced, or {@code null}
	 */
	IndexEntry put(byte[] key, IndexEntry entry);

	/**
	 * Removes {@code key}.
	 * @return the entry removed, or {@code null}
	 */
	IndexEntry remove(byte[] key);

	/**
	 * Sets the entry of {@code key} to {@code replacement} only if it is {@code expected}
	 * now: how compaction moves a record without overwriting a newer write.
	 */
	boolean replace(byte[] key, IndexEntry expected, IndexEntry replacement);

	/**
	 * Makes every replacement, each as {@link #replace} would: how compaction points the
	 * index at an output. Not atomic as a whole (writes may come in between keys), so an
	 * index may take its lock once per group of neighbouring keys rather than per key.
	 * @param sorted replacements in ascending key order, no key twice
	 * @return the replacements that were not made because their key had changed
	 */
	default List<Replacement> replaceAll(List<Replacement> sorted) {
		List<Replacement> missed = new ArrayList<>();
		for (Replacement replacement : sorted) {
			if (!replace(replacement.key(), replacement.expected(), replacement.replacement())) {
				missed.add(replacement);
			}
		}
		return missed;
	}

	/**
	 * A {@link #replace} to make.
	 *
	 * @param key the key
	 * @param expected its entry now
	 * @param replacement its entry after
	 */
	record Replacement(byte[] key, IndexEntry expected, IndexEntry replacement) {

	}

	/** Present keys. */
	long size();

	/** See {@link dev.kvstore.engine.StorageEngine#list(byte[], byte[], int)}. */
	KeyPage list(byte[] prefix, byte[] after, int limit);

	/** An estimate of the heap the index takes. */
	long estimatedMemoryBytes();

	/**
	 * A loader that fills this index, which must be empty, from entries given in strictly
	 * ascending key order: how recovery loads the keys of the hint files, much faster
	 * than one put per key. The index is meant to be used only after
	 * {@link Loader#finish()}; an index that is loaded behaves exactly as one built by
	 * puts of the same entries.
	 * @throws IllegalStateException if the index is not empty
	 */
	Loader bulkLoader();

	/** Fills an empty index in one pass; see {@link KeyIndex#bulkLoader()}. */
	interface Loader {

		/**
		 * Adds the key {@code source[from, to)} (copied) with its entry.
		 * @throws IllegalStateException if the key is not above the one added before, or
		 * the loader is finished
		 * @throws IllegalArgumentException if the entry does not fit the index
		 */
		void add(byte[] source, int from, int to, IndexEntry entry);

		/**
		 * Makes every entry added visible in the index.
		 * @throws IllegalStateException if the index was changed meanwhile, or the loader
		 * is finished already
		 */
		void finish();

	}

}
