package dev.kvstore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.log.SyncMode;

/**
 * How the log engine's group commit shares fsyncs: W writer threads put distinct keys
 * with {@code sync=always} until N puts are made, taking the next key from one shared
 * counter (so no writer idles while others still have work, unlike {@code bench engine},
 * where each thread has its own slice), and the engine's own counters give the fsyncs
 * made and the writes each covered. Several rounds in one JVM, each on a fresh store,
 * show the JIT warming up. Not a test: it asserts nothing and runs only when called, as
 * {@code docs/benchmarks.md} shows.
 *
 * <p>
 * Arguments: [writers, default 64] [puts per round, default 200000] [rounds, default 3].
 */
public final class GroupCommitBench {

	private GroupCommitBench() {
	}

	public static void main(String[] args) throws Exception {
		int writers = (args.length > 0) ? Integer.parseInt(args[0]) : 64;
		int puts = (args.length > 1) ? Integer.parseInt(args[1]) : 200_000;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		byte[] value = new byte[100];
		for (int round = 1; round <= rounds; round++) {
			Path dir = Files.createTempDirectory("kvstore-group-commit");
			try (LogStructuredKV engine = LogStructuredKV.open(LogOptions.defaults(dir).withSync(SyncMode.ALWAYS))) {
				AtomicInteger next = new AtomicInteger();
				CountDownLatch start = new CountDownLatch(1);
				Thread[] threads = new Thread[writers];
				for (int t = 0; t < writers; t++) {
					threads[t] = new Thread(() -> {
						awaitQuietly(start);
						for (int i = next.getAndIncrement(); i < puts; i = next.getAndIncrement()) {
							engine.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value, Precondition.NONE);
						}
					});
					threads[t].start();
				}
				long began = System.nanoTime();
				start.countDown();
				for (Thread thread : threads) {
					thread.join();
				}
				double seconds = (System.nanoTime() - began) / 1e9;
				EngineStats stats = engine.stats();
				System.out.printf(
						"round %d: %,d writers, %,.0f durable puts/s; %,d fsyncs (%,.0f/s, one per %.0f us), %.1f writes per fsync%n",
						round, writers, puts / seconds, stats.syncBatches(), stats.syncBatches() / seconds,
						seconds * 1e6 / stats.syncBatches(), (double) stats.syncedWrites() / stats.syncBatches());
			}
			finally {
				delete(dir);
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
