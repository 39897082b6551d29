package dev.kvstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import dev.kvstore.engine.StorageEngine;

/**
 * Threads that keep a steady mix of gets and puts of random existing keys going against a
 * store, and record every operation's latency into the histogram of the phase the
 * benchmark is in (warm-up, baseline, compacting, after).
 *
 * <p>
 * <b>Paced</b> (a target rate): each thread has a schedule of intended start times, and
 * parks when it is ahead of it. An operation is timed as if every start had been on time:
 * it begins at its intended start, or when the one before it would have ended if that is
 * later, and lasts as long as it really took. So a stall of the store counts for every
 * operation it held up, not once (no coordinated omission). A park oversleeps by tens of
 * microseconds, which is the benchmark's lateness and not the store's: up to 100 µs of it
 * is forgiven, more counts (a collection or the scheduler held the thread, as it would a
 * client's). All of it is recorded on its own, so the report can show it. <b>Flat out</b>
 * (rate 0): closed loop, each operation timed from its own start, throughput as high as
 * the store allows.
 */
final class ForegroundLoad {

	enum Phase {

		WARMUP, BASELINE, COMPACTING, AFTER

	}

	/**
	 * How late a park may wake before the lateness counts: Linux's default timer slack is
	 * 50 µs, and waking the thread takes some more.
	 */
	private static final long TIMER_SLACK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

	private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final StorageEngine engine;

	private final byte[][] keys;

	private final byte[] value;

	private final int threadCount;

	private final double opsPerSecond;

	private final int putPercent;

	private final List<Worker> workers = new ArrayList<>();

	private final long[] phaseStart = new long[Phase.values().length + 1];

	private volatile Phase phase = Phase.WARMUP;

	private volatile boolean running;

	/**
	 * @param opsPerSecond the target rate of all threads together, 0 for flat out
	 * @param putPercent the share of puts, the rest are gets
	 */
	ForegroundLoad(StorageEngine engine, byte[][] keys, byte[] value, int threads, double opsPerSecond,
			int putPercent) {
		this.engine = engine;
		this.keys = keys;
		this.value = value;
		this.threadCount = threads;
		this.opsPerSecond = opsPerSecond;
		this.putPercent = putPercent;
	}

	void start() {
		this.running = true;
		this.phaseStart[Phase.WARMUP.ordinal()] = System.nanoTime();
		for (int i = 0; i < this.threadCount; i++) {
			Worker worker = new Worker(new SplittableRandom(1000 + i));
			Thread thread = new Thread(worker, "foreground-" + i);
			worker.thread = thread;
			this.workers.add(worker);
			thread.start();
		}
	}

	void enter(Phase next) {
		this.phaseStart[next.ordinal()] = System.nanoTime();
		this.phase = next;
	}

	/** Stops the threads and returns what each phase measured. */
	List<PhaseLatency> stop() throws InterruptedException {
		this.phaseStart[Phase.values().length] = System.nanoTime();
		this.running = false;
		for (Worker worker : this.workers) {
			worker.thread.join();
		}
		List<PhaseLatency> result = new ArrayList<>();
		for (Phase each : Phase.values()) {
			Histogram gets = new Histogram(HIGHEST_NANOS, 3);
			Histogram puts = new Histogram(HIGHEST_NANOS, 3);
			Histogram lateness = new Histogram(HIGHEST_NANOS, 3);
			for (Worker worker : this.workers) {
				gets.add(worker.gets[each.ordinal()]);
				puts.add(worker.puts[each.ordinal()]);
				lateness.add(worker.lateness[each.ordinal()]);
			}
			double seconds = (this.phaseStart[each.ordinal() + 1] - this.phaseStart[each.ordinal()]) / 1e9;
			result.add(new PhaseLatency(each, seconds, gets, puts, lateness));
		}
		return result;
	}

	/**
	 * What one phase measured: the latency of its gets and puts, and (paced only) how
	 * late the threads woke for the operations they were early for.
	 */
	record PhaseLatency(Phase phase, double seconds, Histogram gets, Histogram puts, Histogram lateness) {

		Histogram all() {
			Histogram all = this.gets.copy();
			all.add(this.puts);
			return all;
		}

		double opsPerSecond() {
			return (this.gets.getTotalCount() + this.puts.getTotalCount()) / this.seconds;
		}

	}

	private final class Worker implements Runnable {

		private final SplittableRandom random;

		private final Histogram[] gets = histograms();

		private final Histogram[] puts = histograms();

		private final Histogram[] lateness = histograms();

		private Thread thread;

		Worker(SplittableRandom random) {
			this.random = random;
		}

		private static Histogram[] histograms() {
			Histogram[] histograms = new Histogram[Phase.values().length];
			for (int i = 0; i < histograms.length; i++) {
				histograms[i] = new Histogram(HIGHEST_NANOS, 3);
			}
			return histograms;
		}

		@Override
		public void run() {
			boolean paced = ForegroundLoad.this.opsPerSecond > 0;
			long interval = paced ? (long) (1e9 * ForegroundLoad.this.threadCount / ForegroundLoad.this.opsPerSecond)
					: 0;
			long intended = System.nanoTime();
			// When the previous operation would have ended had every start been on time.
			long virtualEnd = intended;
			while (ForegroundLoad.this.running) {
				int phase = ForegroundLoad.this.phase.ordinal();
				long start = System.nanoTime();
				if (paced && start < intended) {
					while (start < intended) {
						LockSupport.parkNanos(intended - start);
						start = System.nanoTime();
					}
					this.lateness[phase].recordValue(Math.min(start - intended, HIGHEST_NANOS));
				}
				// Oversleeping beyond the timer's slack is a pause that a client would
				// have seen too (a collection, the scheduler): it counts.
				long late = Math.max(0, start - intended - TIMER_SLACK_NANOS);
				boolean put = this.random.nextInt(100) < ForegroundLoad.this.putPercent;
				byte[] key = ForegroundLoad.this.keys[this.random.nextInt(ForegroundLoad.this.keys.length)];
				if (put) {
					ForegroundLoad.this.engine.put(key, ForegroundLoad.this.value);
				}
				else {
					ForegroundLoad.this.engine.get(key);
				}
				long end = System.nanoTime();
				long latency = end - start;
				if (paced) {
					// A queue with a perfect timer: each operation starts at its
					// intended time or when the one before it would have ended, if
					// later, and takes as long as it really took. A stall of the store
					// delays every later start; the park's usual oversleeping, none.
					virtualEnd = Math.max(intended + late, virtualEnd) + latency;
					latency = virtualEnd - intended;
					intended += interval;
				}
				(put ? this.puts : this.gets)[phase].recordValue(Math.min(latency, HIGHEST_NANOS));
			}
		}

	}

}
