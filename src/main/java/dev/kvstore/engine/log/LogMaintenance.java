package dev.kvstore.engine.log;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The log engine's background work, on two daemon threads: one forces the active segment
 * (every sync interval with {@link SyncMode#INTERVAL}, whenever it has many bytes not yet
 * forced with {@link SyncMode#NEVER}), so a slow compaction never delays it; the other
 * writes hint files for segments that became immutable and runs automatic compaction when
 * enough garbage has piled up.
 */
final class LogMaintenance {

	private final LogStructuredKV engine;

	private final LogOptions options;

	private final ScheduledThreadPoolExecutor sync;

	private final ScheduledThreadPoolExecutor worker;

	/** A {@link #syncSoon()} is queued and has not started yet. */
	private final AtomicBoolean syncQueued = new AtomicBoolean();

	LogMaintenance(LogStructuredKV engine, LogOptions options) {
		this.engine = engine;
		this.options = options;
		this.sync = executor("kvstore-log-sync");
		this.worker = executor("kvstore-log-maintenance");
	}

	private static ScheduledThreadPoolExecutor executor(String name) {
		ThreadFactory factory = (runnable) -> {
			Thread thread = Executors.defaultThreadFactory().newThread(runnable);
			thread.setName(name);
			thread.setDaemon(true);
			return thread;
		};
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory);
		// Work still queued at close is dropped: hints are rebuilt and compaction
		// rechecked at the next start.
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		return executor;
	}

	void start() {
		if (this.options.sync() == SyncMode.INTERVAL) {
			long interval = this.options.syncInterval().toNanos();
			this.sync.scheduleWithFixedDelay(() -> run("periodic sync", this.engine::syncActive), interval, interval,
					TimeUnit.NANOSECONDS);
		}
		if (this.options.compactionRatio() > 0) {
			long interval = this.options.compactionCheckInterval().toNanos();
			this.worker.scheduleWithFixedDelay(() -> run("automatic compaction", this.engine::compactIfWorthIt),
					interval, interval, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Forces the active segment soon, on the sync thread, unless that is queued already.
	 * Called under the write lock, so it only queues the work.
	 */
	void syncSoon() {
		if (!this.syncQueued.compareAndSet(false, true)) {
			return;
		}
		try {
			this.sync.execute(() -> {
				this.syncQueued.set(false);
				run("background sync", this.engine::syncActive);
			});
		}
		catch (RejectedExecutionException ex) {
			// Closing: the close forces the segment itself.
			this.syncQueued.set(false);
		}
	}

	void writeHintLater(Segment segment) {
		this.worker
			.execute(() -> run("writing hint file of segment " + segment.id(), () -> this.engine.writeHint(segment)));
	}

	void checkCompactionLater() {
		if (this.options.compactionRatio() > 0) {
			this.worker.execute(() -> run("automatic compaction", this.engine::compactIfWorthIt));
		}
	}

	/** Stops both threads, waiting for a task under way to finish. */
	void stop() {
		this.sync.shutdown();
		this.worker.shutdown();
		try {
			this.sync.awaitTermination(30, TimeUnit.SECONDS);
			this.worker.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run(String task, Task body) {
		if (this.engine.isClosed()) {
			return;
		}
		try {
			body.run();
		}
		catch (Exception ex) {
			if (!this.engine.isClosed()) {
				this.options.listener().onBackgroundFailure(task, ex);
			}
		}
	}

	@FunctionalInterface
	private interface Task {

		void run() throws Exception;

	}

}
