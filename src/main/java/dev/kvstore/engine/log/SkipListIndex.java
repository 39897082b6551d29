package dev.kvstore.engine.log;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.SortedKeys;

/**
 * A {@link KeyIndex} on a {@link ConcurrentSkipListMap} ordered by unsigned bytes, which
 * gives ordered listing for free. It costs an object per entry: see
 * {@link #estimatedMemoryBytes()}. The engine's index was this one until
 * {@link CompactIndex}; it stays as the reference the contract tests and
 * {@code IndexFootprintBench} compare that one with.
 */
final class SkipListIndex implements KeyIndex {

	/**
	 * Heap per entry besides the key's bytes, on a 64-bit JVM with compressed pointers:
	 * the skip list node (24) and its share of index nodes (about 8), the key array's
	 * header (16, plus padding of 4 on average) and the entry record (40).
	 */
	static final int BYTES_PER_ENTRY = 92;

	private final ConcurrentSkipListMap<byte[], IndexEntry> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

	private final AtomicLong size = new AtomicLong();

	private final AtomicLong keyBytes = new AtomicLong();

	@Override
	public IndexEntry get(byte[] key) {
		return this.map.get(key);
	}

	@Override
	public IndexEntry put(byte[] key, IndexEntry entry) {
		IndexEntry previous = this.map.put(key, entry);
		if (previous == null) {
			this.size.incrementAndGet();
			this.keyBytes.addAndGet(key.length);
		}
		return previous;
	}

	@Override
	public IndexEntry remove(byte[] key) {
		IndexEntry previous = this.map.remove(key);
		if (previous != null) {
			this.size.decrementAndGet();
			this.keyBytes.addAndGet(-key.length);
		}
		return previous;
	}

	@Override
	public boolean replace(byte[] key, IndexEntry expected, IndexEntry replacement) {
		return this.map.replace(key, expected, replacement);
	}

	@Override
	public long size() {
		return this.size.get();
	}

	@Override
	public KeyPage list(byte[] prefix, byte[] after, int limit) {
		return SortedKeys.page(this.map, prefix, after, limit);
	}

	/** Puts, one by one: a loader that only checks the order, for the contract tests. */
	@Override
	public Loader bulkLoader() {
		if (size() != 0) {
			throw new IllegalStateException("only an empty index can be loaded in bulk");
		}
		return new Loader() {

			private byte[] previous;

			private boolean finished;

			@Override
			public void add(byte[] source, int from, int to, IndexEntry entry) {
				if (this.finished) {
					throw new IllegalStateException("the loader is finished");
				}
				byte[] key = Arrays.copyOfRange(source, from, to);
				if (this.previous != null && Arrays.compareUnsigned(this.previous, key) >= 0) {
					throw new IllegalStateException("keys must be loaded in strictly ascending order");
				}
				put(key, entry);
				this.previous = key;
			}

			@Override
			public void finish() {
				if (this.finished) {
					throw new IllegalStateException("the loader is finished");
				}
				this.finished = true;
			}

		};
	}

	@Override
	public long estimatedMemoryBytes() {
		return this.size.get() * BYTES_PER_ENTRY + this.keyBytes.get();
	}

}
