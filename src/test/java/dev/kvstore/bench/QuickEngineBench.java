package dev.kvstore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.log.SyncMode;

/**
 * A quick in-process measurement of the log engine, until the benchmark command exists:
 * one thread putting then getting 100-byte values with {@code sync=never}, and 64 writer
 * threads with {@code sync=always} (group commit). Not a test: it asserts nothing and
 * runs only when called, as {@code docs/benchmarks.md} shows.
 *
 * <p>
 * Arguments: [keys, default 1000000] [writes per thread for the durable run, default 500]
 * [directory, default a temporary one].
 */
public final class QuickEngineBench {

	private QuickEngineBench() {
	}

	public static void main(String[] args) throws Exception {
		int keys = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int durablePerThread = (args.length > 1) ? Integer.parseInt(args[1]) : 500;
		Path root = (args.length > 2) ? Path.of(args[2]) : Files.createTempDirectory("kvstore-bench");
		byte[] value = new byte[100];
		new Random(1).nextBytes(value);
		System.out.printf("java %s, %d cores%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
		singleThreadNeverSync(root.resolve("never"), keys, value);
		manyWritersAlwaysSync(root.resolve("always-1"), 1, durablePerThread * 4, value);
		manyWritersAlwaysSync(root.resolve("always-64"), 64, durablePerThread, value);
	}

	private static void singleThreadNeverSync(Path dir, int keys, byte[] value) throws IOException {
		try (StorageEngine engine = LogStructuredKV.open(LogOptions.defaults(dir).withSync(SyncMode.NEVER))) {
			long start = System.nanoTime();
			for (int i = 0; i < keys; i++) {
				engine.put(key(i), value);
			}
			double putSeconds = seconds(start);
			Random random = new Random(2);
			start = System.nanoTime();
			long found = 0;
			for (int i = 0; i < keys; i++) {
				found += engine.get(key(random.nextInt(keys))).isPresent() ? 1 : 0;
			}
			double getSeconds = seconds(start);
			System.out.printf("log, sync=never, 1 thread, %d x %d B: %,.0f puts/s, %,.0f gets/s (%d found)%n", keys,
					value.length, keys / putSeconds, keys / getSeconds, found);
			EngineStats stats = engine.stats();
			System.out.printf("  index estimate %,d bytes = %.1f bytes/key%n", stats.indexMemoryBytes(),
					(double) stats.indexMemoryBytes() / stats.keys());
		}
	}

	private static void manyWritersAlwaysSync(Path dir, int threads, int perThread, byte[] value) throws Exception {
		try (StorageEngine engine = LogStructuredKV.open(LogOptions.defaults(dir).withSync(SyncMode.ALWAYS))) {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			List<Future<?>> writers = new ArrayList<>();
			long start = System.nanoTime();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				writers.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						engine.put(key(thread * perThread + i), value);
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
			double elapsed = seconds(start);
			pool.shutdown();
			EngineStats stats = engine.stats();
			int total = threads * perThread;
			System.out.printf(
					"log, sync=always, %d writer threads, %d x %d B: %,.0f puts/s, %d fsyncs, %.1f writes per fsync%n",
					threads, total, value.length, total / elapsed, stats.syncBatches(),
					(double) stats.syncedWrites() / Math.max(1, stats.syncBatches()));
		}
	}

	private static byte[] key(int i) {
		return String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
