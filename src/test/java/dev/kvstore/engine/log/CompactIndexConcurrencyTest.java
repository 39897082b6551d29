package dev.kvstore.engine.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.kvstore.engine.KeyPage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's use of the index under load: one writer putting and removing (the engine's
 * write lock), one compactor replacing entries with moved copies, and readers getting and
 * listing, on small pages so that the tree splits and merges all the time. Every entry is
 * derived from its key and sequence number, so a reader can tell a torn or invented one;
 * a reader must also never see a key's sequence go backwards.
 */
class CompactIndexConcurrencyTest {

	private static final int KEYS = 500;

	private static final int WRITES = 100_000;

	private static byte[] key(int i) {
		return String.format("key/%04d%s", i, "x".repeat(i % 13)).getBytes(StandardCharsets.UTF_8);
	}

	private static int keyNumber(byte[] key) {
		return Integer.parseInt(new String(key, 4, 4, StandardCharsets.US_ASCII));
	}

	/** Sequence numbers carry their key's number, so that a reader can check the pair. */
	private static IndexEntry written(long sequence) {
		return new IndexEntry(sequence % 1000, sequence * 3, (int) (sequence % 7919), sequence);
	}

	/** Where compaction moves a written entry. */
	private static IndexEntry moved(long sequence) {
		return new IndexEntry(1_000_000 + sequence % 1000, sequence * 5 + 1, (int) (sequence % 7919), sequence);
	}

	private static void checkWellFormed(int keyNumber, IndexEntry entry) {
		long sequence = entry.sequence();
		assertThat(sequence % KEYS).as("key of sequence").isEqualTo(keyNumber);
		assertThat(entry).isIn(written(sequence), moved(sequence));
	}

	@Test
	void readersSeeWholeEntriesInOrderWhileWritersAndCompactionRun() throws Exception {
		CompactIndex index = new CompactIndex(200, 4);
		Long[] model = new Long[KEYS];
		AtomicBoolean done = new AtomicBoolean();
		AtomicLong moves = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Future<?> writer = pool.submit(() -> {
				Random random = new Random(1);
				for (int n = 1; n <= WRITES; n++) {
					int k = random.nextInt(KEYS);
					if (random.nextInt(4) == 0) {
						IndexEntry previous = index.remove(key(k));
						assertThat((previous != null) ? previous.sequence() : null).isEqualTo(model[k]);
						model[k] = null;
					}
					else {
						long sequence = (long) n * KEYS + k;
						IndexEntry previous = index.put(key(k), written(sequence));
						assertThat((previous != null) ? previous.sequence() : null).isEqualTo(model[k]);
						model[k] = sequence;
					}
				}
				done.set(true);
				return null;
			});
			Future<?> compactor = pool.submit(() -> {
				Random random = new Random(2);
				while (!done.get()) {
					int k = random.nextInt(KEYS);
					IndexEntry current = index.get(key(k));
					if (current != null && current.equals(written(current.sequence()))
							&& index.replace(key(k), current, moved(current.sequence()))) {
						moves.incrementAndGet();
					}
				}
				return null;
			});
			List<Future<?>> readers = new ArrayList<>();
			for (int r = 0; r < 2; r++) {
				int seed = r;
				readers.add(pool.submit(() -> {
					Random random = new Random(10 + seed);
					long[] lastSeen = new long[KEYS];
					while (!done.get()) {
						int k = random.nextInt(KEYS);
						IndexEntry entry = index.get(key(k));
						if (entry != null) {
							checkWellFormed(k, entry);
							assertThat(entry.sequence()).as("sequence of key %d", k)
								.isGreaterThanOrEqualTo(lastSeen[k]);
							lastSeen[k] = entry.sequence();
						}
						byte[] prefix = ("key/0" + random.nextInt(5)).getBytes(StandardCharsets.UTF_8);
						KeyPage page = index.list(prefix, null, 1 + random.nextInt(150));
						byte[] previous = null;
						for (byte[] listed : page.keys()) {
							assertThat(listed).startsWith(prefix);
							assertThat(listed).isEqualTo(key(keyNumber(listed)));
							if (previous != null) {
								assertThat(Arrays.compareUnsigned(previous, listed)).isNegative();
							}
							previous = listed;
						}
						reads.incrementAndGet();
					}
					return null;
				}));
			}
			writer.get(5, TimeUnit.MINUTES);
			compactor.get(1, TimeUnit.MINUTES);
			for (Future<?> reader : readers) {
				reader.get(1, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(moves.get()).as("replaces that won").isPositive();
		assertThat(reads.get()).isPositive();
		long present = 0;
		List<byte[]> expectedKeys = new ArrayList<>();
		for (int k = 0; k < KEYS; k++) {
			IndexEntry entry = index.get(key(k));
			if (model[k] == null) {
				assertThat(entry).isNull();
			}
			else {
				present++;
				expectedKeys.add(key(k));
				assertThat(entry.sequence()).isEqualTo(model[k]);
				checkWellFormed(k, entry);
			}
		}
		assertThat(index.size()).isEqualTo(present);
		expectedKeys.sort(Arrays::compareUnsigned);
		assertThat(KeyIndexContract.hex(index.list(null, null, KEYS + 1).keys()))
			.isEqualTo(KeyIndexContract.hex(expectedKeys));
	}

}
