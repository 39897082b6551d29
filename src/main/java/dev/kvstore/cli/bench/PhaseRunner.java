package dev.kvstore.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.HdrHistogram.Histogram;

/**
 * Runs one phase over the whole workload with the run's threads. Each thread times every
 * call into a histogram of its own (no shared state on the measured path) and the
 * histograms are merged at the end; all threads start together on one signal, and the
 * phase's wall-clock time runs from that signal until the last one ends.
 */
final class PhaseRunner {

	/** Progress is reported in steps this big, so the bar costs nothing measurable. */
	private static final int PROGRESS_STEP = 256;

	private final Workload workload;

	private final int threads;

	private final LongConsumer progress;

	PhaseRunner(Workload workload, int threads, LongConsumer progress) {
		this.workload = workload;
		this.threads = threads;
		this.progress = progress;
	}

	PhaseResult run(BenchTarget target, Operation operation) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(this.threads, (task) -> {
			Thread thread = new Thread(task, "bench-" + operation.name().toLowerCase(java.util.Locale.ROOT));
			thread.setDaemon(true);
			return thread;
		});
		try {
			CountDownLatch ready = new CountDownLatch(this.threads);
			CountDownLatch go = new CountDownLatch(1);
			AtomicLong misses = new AtomicLong();
			List<Future<Histogram>> workers = new ArrayList<>();
			for (int t = 0; t < this.threads; t++) {
				int thread = t;
				workers.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return slice(target, operation, thread, misses);
				}));
			}
			ready.await();
			long start = System.nanoTime();
			go.countDown();
			Histogram merged = newHistogram();
			for (Future<Histogram> worker : workers) {
				merged.add(result(worker));
			}
			long elapsed = System.nanoTime() - start;
			return new PhaseResult(operation, merged.getTotalCount(), elapsed, merged, misses.get());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private Histogram slice(BenchTarget target, Operation operation, int thread, AtomicLong misses) {
		Histogram latency = newHistogram();
		int end = this.workload.sliceEnd(thread);
		int sinceReport = 0;
		for (int i = this.workload.sliceStart(thread); i < end; i++) {
			byte[] key = this.workload.key(i);
			long before = System.nanoTime();
			switch (operation) {
				case PUT -> target.put(key, this.workload.value(i));
				case GET -> {
					if (!target.get(key)) {
						misses.incrementAndGet();
					}
				}
				case DELETE -> target.delete(key);
			}
			latency.recordValue(Math.max(1, System.nanoTime() - before));
			if (++sinceReport == PROGRESS_STEP) {
				this.progress.accept(sinceReport);
				sinceReport = 0;
			}
		}
		this.progress.accept(sinceReport);
		return latency;
	}

	/**
	 * Auto-resizing, three significant digits: exact enough for p99.9 of any duration.
	 */
	private static Histogram newHistogram() {
		return new Histogram(3);
	}

	private static Histogram result(Future<Histogram> worker) throws Exception {
		try {
			return worker.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
