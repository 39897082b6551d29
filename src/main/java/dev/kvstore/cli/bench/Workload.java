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

	Workload(BenchSettings settings) {
		Random random = new Random(20260101L);
		int count = settings.operations();
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
			this.keys[i] = String.format("key-%09d", order[i]).getBytes(StandardCharsets.US_ASCII);
		}
		this.values = new byte[Math.min(VALUE_POOL, Math.max(1, count))][settings.valueSize()];
		for (byte[] value : this.values) {
			random.nextBytes(value);
		}
		this.threads = settings.threads();
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
