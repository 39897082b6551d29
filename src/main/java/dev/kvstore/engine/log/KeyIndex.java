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

}
