package dev.kvstore.cli.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The keys and values of a run, made before any clock starts so that building them is not
 * measured, and the same for every engine (fixed seed). Keys are visited in one shuffled
 * order, so no engine gets sorted input it could append cheaply; each thread takes a
 * contiguous slice of that order.
 */
final class Workload {

	/**
	 * Enough distinct values that no engine can profit from repeats, few enough to keep
	 * memory low.
	 */
	private static final int VALUE_POOL = 1024;

	private final byte[][] keys;

	private final byte[][] values;

	private final int threads;

	private Workload(String prefix, int count, int valueSize, int threads, long seed) {
		Random random = new Random(seed);
		int[] order = new int[count];
		for (int i = 0; i < count; i++) {
			order[i] = i;
		}
		for (int i = count - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		this.keys = new byte[count][];
		for (int i = 0; i < count; i++) {
			this.keys[i] = String.format("%s%09d", prefix, order[i]).getBytes(StandardCharsets.US_ASCII);
		}
		this.values = new byte[Math.min(VALUE_POOL, Math.max(1, count))][valueSize];
		for (byte[] value : this.values) {
			random.nextBytes(value);
		}
		this.threads = threads;
	}

	/** The timed keys of a run. */
	static Workload timed(BenchSettings settings) {
		return new Workload("key-", settings.operations(), settings.valueSize(), settings.threads(), 20260101L);
	}

	/**
	 * The warm-up keys: other names than the timed ones, so the timed puts all add new
	 * keys.
	 */
	static Workload warmup(BenchSettings settings) {
		return new Workload("warmup-", settings.warmup(), settings.valueSize(), settings.threads(), 20251231L);
	}

	int size() {
		return this.keys.length;
	}

	byte[] key(int index) {
		return this.keys[index];
	}

	byte[] value(int index) {
		return this.values[index % this.values.length];
	}

	/** The first index of a thread's slice. */
	int sliceStart(int thread) {
		return (int) ((long) this.keys.length * thread / this.threads);
	}

	/** One past the last index of a thread's slice. */
	int sliceEnd(int thread) {
		return sliceStart(thread + 1);
	}

}
