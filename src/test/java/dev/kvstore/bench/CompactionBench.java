package dev.kvstore.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.log.SyncMode;

/**
 * What a compaction of the log engine costs: how fast it copies, and what it does to the
 * latency of reads and writes that go on beside it. Not a test: it asserts nothing and
 * runs only when called, as {@code docs/benchmarks.md} shows.
 *
 * <p>
 * It fills a store with N keys of 100-byte values in a scattered order (automatic
 * compaction off, {@code sync=never}), then runs three rounds. Before each, half the keys
 * are overwritten, so about a third of the bytes on disk are garbage, and the store is
 * reopened and left to settle (hint files written, the set-up's garbage collected). Round
 * 1 compacts with nothing else running: the copy's own speed. Rounds 2 and 3 keep a 90 %
 * get / 10 % put load of random keys going ({@link ForegroundLoad}): 3 s of warm-up, 5 s
 * of baseline, the compaction, 3 s after it. Round 2 paces the load at a fixed rate
 * (latency without coordinated omission), round 3 runs it flat out (throughput).
 *
 * <p>
 * Arguments: [keys, default 1000000] [foreground sync: never or always, default never]
 * [paced rate, ops/s of all threads, default 20000] [threads, default 2] [directory,
 * default a temporary one, deleted at the end].
 */
public final class CompactionBench {

	private static final int VALUE_BYTES = 100;

	private static final int PUT_PERCENT = 10;

	private static final Duration WARMUP = Duration.ofSeconds(3);

	private static final Duration BASELINE = Duration.ofSeconds(5);

	private static final Duration AFTER = Duration.ofSeconds(3);

	private CompactionBench() {
	}

	public static void main(String[] args) throws Exception {
		int keyCount = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		SyncMode foregroundSync = (args.length > 1) ? SyncMode.valueOf(args[1].toUpperCase(Locale.ROOT))
				: SyncMode.NEVER;
		double rate = (args.length > 2) ? Double.parseDouble(args[2]) : 20_000;
		int threads = (args.length > 3) ? Integer.parseInt(args[3]) : 2;
		Path dir = (args.length > 4) ? Path.of(args[4]) : Files.createTempDirectory("kvstore-compaction");
		CountingIo io = new CountingIo(DiskIo.INSTANCE);
		// Automatic compaction off (ratio 0): each compaction here is the one asked for.
		LogOptions options = LogOptions.defaults(dir)
			.withIo(io)
			.withSync(SyncMode.NEVER)
			.withAutoCompaction(0, 0, Duration.ofSeconds(30));
		byte[][] keys = scatteredKeys(keyCount);
		Random random = new Random(2);
		byte[] value = new byte[VALUE_BYTES];
		random.nextBytes(value);
		System.out.printf(
				"%,d keys of 14 bytes, %d-byte values; foreground sync=%s, %d threads, paced at %,.0f ops/s%n",
				keyCount, VALUE_BYTES, foregroundSync.name().toLowerCase(Locale.ROOT), threads, rate);
		long start = System.nanoTime();
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			for (byte[] key : keys) {
				engine.put(key, value);
			}
		}
		System.out.printf("filled in %.1f s, %,d bytes of segments%n", seconds(start), segmentBytes(dir));
		try {
			String[] names = { "alone", "paced", "flat out" };
			for (int round = 0; round < names.length; round++) {
				random.nextBytes(value);
				overwriteHalf(options, keys, value, round);
				System.out.printf("%nround %d, %s: load average %s%n", round + 1, names[round], loadAverage());
				LogOptions open = (round == 0) ? options : options.withSync(foregroundSync);
				try (LogStructuredKV engine = LogStructuredKV.open(open)) {
					settle(dir);
					if (round == 0) {
						compact(engine, io);
					}
					else {
						double roundRate = (round == 1) ? rate : 0;
						ForegroundLoad load = new ForegroundLoad(engine, keys, value, threads, roundRate, PUT_PERCENT);
						load.start();
						Thread.sleep(WARMUP.toMillis());
						load.enter(ForegroundLoad.Phase.BASELINE);
						Thread.sleep(BASELINE.toMillis());
						load.enter(ForegroundLoad.Phase.COMPACTING);
						compact(engine, io);
						load.enter(ForegroundLoad.Phase.AFTER);
						Thread.sleep(AFTER.toMillis());
						LatencyTable.print(load.stop(), roundRate > 0);
					}
				}
			}
		}
		finally {
			if (args.length < 5) {
				try (Stream<Path> files = Files.walk(dir)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
			}
		}
	}

	/**
	 * Waits for the hint files the open writes in the background, then collects the
	 * garbage of the set-up, so that neither is charged to the phase measured next.
	 */
	private static void settle(Path dir) throws IOException, InterruptedException {
		for (int i = 0; i < 300 && count(dir, ".hint") < count(dir, ".seg") - 1; i++) {
			Thread.sleep(100);
		}
		System.gc();
	}

	private static long count(Path dir, String suffix) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.toString().endsWith(suffix)).count();
		}
	}

	/** 14-byte keys in a shuffled order: no run of neighbours lands in one index page. */
	private static byte[][] scatteredKeys(int count) {
		byte[][] keys = new byte[count][];
		for (int i = 0; i < count; i++) {
			keys[i] = String.format("key-%010d", i).getBytes(StandardCharsets.UTF_8);
		}
		Random random = new Random(1);
		for (int i = count - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			byte[] swap = keys[i];
			keys[i] = keys[j];
			keys[j] = swap;
		}
		return keys;
	}

	/**
	 * Overwrites every other key of the shuffled order, a different half each round, with
	 * {@code sync=never} whatever the foreground's mode: this is set-up, not measured.
	 */
	private static void overwriteHalf(LogOptions options, byte[][] keys, byte[] value, int round) {
		long start = System.nanoTime();
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			for (int i = round % 2; i < keys.length; i += 2) {
				engine.put(keys[i], value);
			}
		}
		System.out.printf("overwrote %,d keys in %.1f s%n", keys.length / 2, seconds(start));
	}

	private static void compact(LogStructuredKV engine, CountingIo io) {
		long gcBefore = gcMillis();
		LocalTime started = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
		io.countFor(Thread.currentThread());
		CompactionReport report = engine.compact();
		CountingIo.Counts counts = io.stop();
		double seconds = report.durationMillis() / 1e3;
		System.out
			.printf("compaction %s to %s: %.2f s; %,d segments and %,d bytes before, %,d and %,d after, %,d reclaimed%n"
					+ "  read %,d bytes (%.0f MB/s), wrote %,d bytes (%.0f MB/s, %,d of them hints); %d fsyncs took %.2f s; "
					+ "GC %d ms%n", started, LocalTime.now().truncatedTo(ChronoUnit.MILLIS), seconds,
					report.segmentsBefore(), report.bytesBefore(), report.segmentsAfter(), report.bytesAfter(),
					report.reclaimedBytes(), counts.bytesRead(), counts.bytesRead() / 1e6 / seconds,
					counts.bytesWritten(), counts.bytesWritten() / 1e6 / seconds, counts.hintBytesWritten(),
					counts.forces(), counts.forceSeconds(), gcMillis() - gcBefore);
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, bean.getCollectionTime());
		}
		return total;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static long segmentBytes(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.toString().endsWith(".seg"))
				.mapToLong((file) -> file.toFile().length())
				.sum();
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
