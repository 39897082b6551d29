package dev.kvstore.engine.log;

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
