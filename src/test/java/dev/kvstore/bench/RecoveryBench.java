package dev.kvstore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.log.SyncMode;

/**
 * How the log engine's startup grows with the number of keys, with and without hint
 * files: it writes N keys of 100-byte values in a scattered order (a fixed shuffle, so
 * that every segment holds keys from the whole key range, as with real traffic), then
 * times reopening from hint files and from a scan of every segment, and reports the
 * index's estimate and the heap the open engine holds. Not a test: it asserts nothing and
 * runs only when called, as {@code docs/benchmarks.md} shows.
 *
 * <p>
 * Arguments: [keys, default 1000000] [directory, default a temporary one].
 */
public final class RecoveryBench {

	private RecoveryBench() {
	}

	public static void main(String[] args) throws Exception {
		int keys = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		Path dir = (args.length > 1) ? Path.of(args[1]) : Files.createTempDirectory("kvstore-recovery");
		LogOptions options = LogOptions.defaults(dir).withSync(SyncMode.NEVER);
		byte[] value = new byte[100];
		new Random(1).nextBytes(value);
		int[] order = shuffled(keys, new Random(2));
		long start = System.nanoTime();
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			for (int i : order) {
				engine.put(String.format("key-%010d", i).getBytes(StandardCharsets.UTF_8), value);
			}
		}
		order = null;
		System.out.printf("wrote %,d keys in %.1f s, %,d bytes on disk%n", keys, seconds(start), size(dir, ".seg"));
		// The first reopen writes the hint files the close left to do; wait for them.
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			waitForHints(dir);
		}
		// Each way is timed twice, alternately, and the second time counts: the first
		// pays for the JIT compiling the recovery code.
		Path hidden = Files.createTempDirectory("kvstore-hints");
		double[] withHints = new double[2];
		double[] scanning = new double[2];
		EngineStats hintedStats = null;
		EngineStats scannedStats = null;
		long hintedHeap = 0;
		long scannedHeap = 0;
		long idleHeap = 0;
		for (int round = 0; round < 2; round++) {
			idleHeap = usedHeap();
			long started = System.nanoTime();
			try (LogStructuredKV engine = LogStructuredKV.open(options)) {
				withHints[round] = seconds(started);
				hintedStats = engine.stats();
				hintedHeap = usedHeap() - idleHeap;
			}
			moveHints(dir, hidden);
			started = System.nanoTime();
			try (LogStructuredKV engine = LogStructuredKV.open(options)) {
				scanning[round] = seconds(started);
				scannedStats = engine.stats();
				// The hint files the open writes in the background come and go: wait
				// for them, so that the heap measured is the engine's alone.
				waitForHints(dir);
				scannedHeap = usedHeap() - idleHeap;
			}
			deleteHints(dir);
			moveHints(hidden, dir);
		}
		Files.delete(hidden);
		System.out.printf("reopen with hint files: %.2f s (first %.2f s), %,d hint bytes%n", withHints[1], withHints[0],
				size(dir, ".hint"));
		System.out.printf("reopen scanning every segment: %.2f s (first %.2f s)%n", scanning[1], scanning[0]);
		System.out.printf("hints are %.1fx faster; %,d keys%n", scanning[1] / withHints[1], hintedStats.keys());
		System.out.printf("index estimate: %.1f bytes/key loaded from hints, %.1f bytes/key scanned%n",
				(double) hintedStats.indexMemoryBytes() / hintedStats.keys(),
				(double) scannedStats.indexMemoryBytes() / scannedStats.keys());
		System.out.printf(
				"heap held by the open engine: %,d bytes (%.1f/key) from hints, %,d bytes (%.1f/key) scanned%n",
				hintedHeap, (double) hintedHeap / hintedStats.keys(), scannedHeap,
				(double) scannedHeap / scannedStats.keys());
		if (args.length < 2) {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/** The numbers 0 to n - 1 in a random order (Fisher-Yates). */
	private static int[] shuffled(int n, Random random) {
		int[] order = new int[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	/** Heap in use after collecting what can be collected (three times, to settle). */
	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private static void moveHints(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.list(from)) {
			for (Path hint : files.filter((file) -> file.toString().endsWith(".hint")).toList()) {
				Files.move(hint, to.resolve(hint.getFileName()));
			}
		}
	}

	private static void deleteHints(Path dir) throws IOException {
		// The open that scanned wrote hints again in the background: drop them, the saved
		// ones come back.
		try (Stream<Path> files = Files.list(dir)) {
			for (Path hint : files.filter((file) -> file.toString().endsWith(".hint")).toList()) {
				Files.deleteIfExists(hint);
			}
		}
	}

	private static void waitForHints(Path dir) throws IOException, InterruptedException {
		for (int i = 0; i < 600; i++) {
			long segments = count(dir, ".seg");
			if (count(dir, ".hint") >= segments - 1) {
				return;
			}
			Thread.sleep(100);
		}
	}

	private static long count(Path dir, String suffix) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.toString().endsWith(suffix)).count();
		}
	}

	private static long size(Path dir, String suffix) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.toString().endsWith(suffix))
				.mapToLong((file) -> file.toFile().length())
				.sum();
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
