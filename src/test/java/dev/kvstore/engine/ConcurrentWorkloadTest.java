package dev.kvstore.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.log.SyncMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads put, get and delete overlapping keys while compactions run. Each thread
 * checks every read against what could legally be there, and at the end the store holds
 * the last acknowledged write of every key, also after a reopen.
 */
class ConcurrentWorkloadTest {

	private static final int THREADS = 8;

	private static final int OPERATIONS_PER_THREAD = 3000;

	private static final int OWN_KEYS = 20;

	private static final int SHARED_KEYS = 10;

	@TempDir
	Path dir;

	static Stream<Arguments> engines() {
		Function<Path, StorageEngine> log = (dir) -> LogStructuredKV.open(LogOptions.defaults(dir)
			.withSegmentSize(16 * 1024)
			.withSync(SyncMode.ALWAYS)
			.withAutoCompaction(0.3, 8 * 1024, Duration.ofMillis(20)));
		Function<Path, StorageEngine> logNever = (dir) -> LogStructuredKV
			.open(LogOptions.defaults(dir).withSegmentSize(8 * 1024).withSync(SyncMode.NEVER));
		return Stream.of(Arguments.of("log, sync always, automatic compaction", log),
				Arguments.of("log, sync never", logNever));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("engines")
	void readsAreLegalAndTheLastWriteWins(String name, Function<Path, StorageEngine> opener) throws Exception {
		Map<String, Write> lastShared = new ConcurrentHashMap<>();
		List<Map<String, String>> ownFinal = new ArrayList<>();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger compactions = new AtomicInteger();
		try (StorageEngine engine = opener.apply(this.dir)) {
			ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Map<String, String>>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				workers.add(pool.submit(() -> {
					start.await();
					return work(engine, thread, lastShared);
				}));
			}
			Future<?> compactor = pool.submit(() -> {
				start.await();
				while (!stop.get()) {
					try {
						engine.compact();
						compactions.incrementAndGet();
					}
					catch (CompactionInProgressException ex) {
						// the automatic one is running
					}
				}
				return null;
			});
			start.countDown();
			for (Future<Map<String, String>> worker : workers) {
				ownFinal.add(worker.get(2, TimeUnit.MINUTES));
			}
			stop.set(true);
			compactor.get(1, TimeUnit.MINUTES);
			pool.shutdown();
			assertThat(compactions.get()).isPositive();
			checkFinal(engine, ownFinal, lastShared);
		}
		try (StorageEngine reopened = opener.apply(this.dir)) {
			checkFinal(reopened, ownFinal, lastShared);
		}
	}

	/**
	 * Own keys are written by this thread alone: a read must give exactly the last value
	 * written. Shared keys are written by every thread: a read must give a value some
	 * thread wrote, and its version must never go backwards for this thread.
	 */
	private Map<String, String> work(StorageEngine engine, int thread, Map<String, Write> lastShared) {
		Random random = new Random(thread);
		Map<String, String> own = new HashMap<>();
		Map<String, Long> seenVersion = new HashMap<>();
		for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
			int action = random.nextInt(10);
			if (action < 4) {
				String key = "own/" + thread + "/" + random.nextInt(OWN_KEYS);
				String value = thread + ":" + i + ":" + "x".repeat(random.nextInt(200));
				engine.put(bytes(key), bytes(value));
				own.put(key, value);
			}
			else if (action < 5) {
				String key = "own/" + thread + "/" + random.nextInt(OWN_KEYS);
				boolean existed = engine.delete(bytes(key));
				assertThat(existed).as("delete of %s", key).isEqualTo(own.containsKey(key));
				own.remove(key);
			}
			else if (action < 7) {
				String key = "own/" + thread + "/" + random.nextInt(OWN_KEYS);
				Optional<VersionedValue> read = engine.get(bytes(key));
				assertThat(read.map((v) -> text(v.value()))).as("read of %s", key)
					.isEqualTo(Optional.ofNullable(own.get(key)));
			}
			else if (action < 8) {
				String key = "shared/" + random.nextInt(SHARED_KEYS);
				String value = thread + ":" + i;
				WriteResult result = engine.put(bytes(key), bytes(value));
				lastShared.merge(key, new Write(result.version(), value),
						(a, b) -> (a.version() > b.version()) ? a : b);
			}
			else {
				String key = "shared/" + random.nextInt(SHARED_KEYS);
				Optional<VersionedValue> read = engine.get(bytes(key));
				if (read.isPresent()) {
					assertThat(text(read.get().value())).matches("[0-9]+:[0-9]+");
					long previous = seenVersion.getOrDefault(key, 0L);
					assertThat(read.get().version()).as("version of %s", key).isGreaterThanOrEqualTo(previous);
					seenVersion.put(key, read.get().version());
				}
			}
		}
		return own;
	}

	private void checkFinal(StorageEngine engine, List<Map<String, String>> ownFinal, Map<String, Write> lastShared) {
		long expectedKeys = lastShared.size();
		for (int thread = 0; thread < ownFinal.size(); thread++) {
			for (int k = 0; k < OWN_KEYS; k++) {
				String key = "own/" + thread + "/" + k;
				String expected = ownFinal.get(thread).get(key);
				assertThat(engine.get(bytes(key)).map((v) -> text(v.value()))).as(key)
					.isEqualTo(Optional.ofNullable(expected));
			}
			expectedKeys += ownFinal.get(thread).size();
		}
		lastShared.forEach((key, write) -> {
			VersionedValue value = engine.get(bytes(key)).orElseThrow();
			assertThat(value.version()).as(key).isEqualTo(write.version());
			assertThat(text(value.value())).as(key).isEqualTo(write.value());
		});
		assertThat(engine.stats().keys()).isEqualTo(expectedKeys);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private record Write(long version, String value) {

	}

}
