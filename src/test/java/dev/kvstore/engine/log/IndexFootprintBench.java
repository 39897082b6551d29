package dev.kvstore.engine.log;

import java.util.function.Supplier;

/**
 * Measures what each {@link KeyIndex} costs: heap per key (from
 * {@link KeyIndex#estimatedMemoryBytes()} and from the heap in use, after full
 * collections, before and after filling it) and single-thread put and get throughput.
 * Keys are 12 to 16 bytes, inserted in a scattered order. Not a test: it asserts nothing
 * and runs only when called, as {@code docs/benchmarks.md} shows. It lives in the index's
 * package because the indexes are package-private.
 *
 * <p>
 * Arguments: [key counts, comma-separated, default 1000000,10000000] [indexes,
 * comma-separated, default skiplist,compact; compact:PAGE_BYTES:BRANCH_CHILDREN tries
 * other node sizes].
 */
public final class IndexFootprintBench {

	/** Visits the keys in a scattered order: coprime with every power of ten. */
	private static final long STRIDE = 1_000_003;

	private IndexFootprintBench() {
	}

	public static void main(String[] args) {
		String counts = (args.length > 0) ? args[0] : "1000000,10000000";
		String kinds = (args.length > 1) ? args[1] : "skiplist,compact";
		System.out.printf("java %s, max heap %,d MB%n", System.getProperty("java.version"),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.printf("%-9s %11s %15s %15s %12s %12s%n", "index", "keys", "estimate B/key", "heap B/key", "puts/s",
				"gets/s");
		// Warm up the JIT on every index first: the first one measured would lose
		// otherwise.
		for (String kind : kinds.split(",")) {
			measure(kind, 200_000, indexOf(kind.trim()), false);
		}
		for (String count : counts.split(",")) {
			for (String kind : kinds.split(",")) {
				measure(kind, Integer.parseInt(count.trim()), indexOf(kind.trim()), true);
			}
		}
	}

	private static Supplier<KeyIndex> indexOf(String kind) {
		return switch (kind) {
			case "skiplist" -> SkipListIndex::new;
			case "compact" -> CompactIndex::new;
			default -> {
				// compact:PAGE_BYTES:BRANCH_CHILDREN, to try other node sizes
				String[] parts = kind.split(":");
				if (!parts[0].equals("compact") || parts.length != 3) {
					throw new IllegalArgumentException("unknown index " + kind);
				}
				yield () -> new CompactIndex(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
			}
		};
	}

	private static void measure(String kind, int keys, Supplier<KeyIndex> factory, boolean print) {
		long before = usedHeap();
		KeyIndex index = factory.get();
		long keyBytes = 0;
		long start = System.nanoTime();
		for (int i = 0; i < keys; i++) {
			int k = (int) (i * STRIDE % keys);
			byte[] key = key(k);
			keyBytes += key.length;
			index.put(key, new IndexEntry(k % 5000, k * 100L, 100 + k % 1000, k));
		}
		double putSeconds = seconds(start);
		long after = usedHeap();
		// Gets in another scattered order; the sum keeps the lookups from being
		// optimised away.
		start = System.nanoTime();
		long sum = 0;
		for (int i = 0; i < keys; i++) {
			int k = (int) ((i * 7_000_009L + 13) % keys);
			sum += index.get(key(k)).sequence();
		}
		double getSeconds = seconds(start);
		if (sum < 0) {
			throw new IllegalStateException("impossible sum " + sum);
		}
		if (!print) {
			return;
		}
		System.out.printf("%-9s %,11d %15.1f %15.1f %,12.0f %,12.0f%n", kind, keys,
				(double) (index.estimatedMemoryBytes() - keyBytes) / keys, (double) (after - before - keyBytes) / keys,
				keys / putSeconds, keys / getSeconds);
	}

	/** {@code user} and 8 digits, then 0 to 4 letters: 12 to 16 bytes. */
	static byte[] key(int k) {
		byte[] key = new byte[12 + k % 5];
		key[0] = 'u';
		key[1] = 's';
		key[2] = 'e';
		key[3] = 'r';
		int n = k;
		for (int i = 11; i >= 4; i--) {
			key[i] = (byte) ('0' + n % 10);
			n /= 10;
		}
		for (int i = 12; i < key.length; i++) {
			key[i] = (byte) ('a' + i);
		}
		return key;
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

}
