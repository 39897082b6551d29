package dev.kvstore.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.kvstore.engine.CompactionInProgressException;
import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.WriteResult;

/**
 * Times every call of a {@link StorageEngine} with the {@code kv.operation} timer, tagged
 * with the operation, the engine and the outcome, so that the REST service, the REPL and
 * every other caller are measured the same way. The outcome is {@code ok}, {@code miss}
 * (a get or delete of an absent key), {@code rejected} (bad input, a failed precondition,
 * a compaction already running) or {@code error} (the engine failed).
 */
public final class TimedStorageEngine implements StorageEngine {

	/** The name of the timer. */
	public static final String OPERATION_TIMER = "kv.operation";

	private final StorageEngine engine;

	private final MeterRegistry registry;

	public TimedStorageEngine(StorageEngine engine, MeterRegistry registry) {
		this.engine = engine;
		this.registry = registry;
		for (String op : new String[] { "put", "get", "delete", "list", "compact" }) {
			for (String outcome : new String[] { "ok", "miss", "rejected", "error" }) {
				timer(op, outcome); // registered up front, so every series exists from
									// the start
			}
		}
	}

	/** The engine this one times. */
	public StorageEngine delegate() {
		return this.engine;
	}

	@Override
	public String name() {
		return this.engine.name();
	}

	@Override
	public Optional<VersionedValue> get(byte[] key) {
		return time("get", () -> this.engine.get(key), (result) -> result.isPresent() ? "ok" : "miss");
	}

	@Override
	public WriteResult put(byte[] key, byte[] value, Precondition precondition) {
		return time("put", () -> this.engine.put(key, value, precondition), (result) -> "ok");
	}

	@Override
	public boolean delete(byte[] key, Precondition precondition) {
		return time("delete", () -> this.engine.delete(key, precondition), (deleted) -> deleted ? "ok" : "miss");
	}

	@Override
	public CompletableFuture<WriteResult> putAcknowledged(byte[] key, byte[] value, Precondition precondition) {
		return timeAcknowledged("put", () -> this.engine.putAcknowledged(key, value, precondition), (result) -> "ok");
	}

	@Override
	public CompletableFuture<Boolean> deleteAcknowledged(byte[] key, Precondition precondition) {
		return timeAcknowledged("delete", () -> this.engine.deleteAcknowledged(key, precondition),
				(deleted) -> deleted ? "ok" : "miss");
	}

	@Override
	public KeyPage list(byte[] prefix, byte[] after, int limit) {
		return time("list", () -> this.engine.list(prefix, after, limit), (page) -> "ok");
	}

	@Override
	public CompactionReport compact() {
		return time("compact", this.engine::compact, (report) -> "ok");
	}

	@Override
	public EngineStats stats() {
		return this.engine.stats();
	}

	@Override
	public Optional<String> writeFailure() {
		return this.engine.writeFailure();
	}

	@Override
	public void close() {
		this.engine.close();
	}

	private <T> T time(String op, Supplier<T> call, Function<T, String> outcome) {
		long start = System.nanoTime();
		String result = "error";
		try {
			T value = call.get();
			result = outcome.apply(value);
			return value;
		}
		catch (IllegalArgumentException | PreconditionFailedException | CompactionInProgressException ex) {
			// invalid keys and values are IllegalArgumentExceptions
			result = "rejected";
			throw ex;
		}
		finally {
			if (result != null) {
				timer(op, result).record(Duration.ofNanos(System.nanoTime() - start));
			}
		}
	}

	/**
	 * As {@link #time}, for a write acknowledged later: timed until the acknowledgement
	 * completes, as a waiting {@code put} would have been.
	 */
	private <T> CompletableFuture<T> timeAcknowledged(String op, Supplier<CompletableFuture<T>> call,
			Function<T, String> outcome) {
		long start = System.nanoTime();
		// A call that returns records nothing here (a null outcome): its acknowledgement
		// does, once complete. One that throws is recorded as for a waiting put.
		CompletableFuture<T> acknowledgement = time(op, call, (pending) -> null);
		return acknowledgement
			.whenComplete((value, failure) -> timer(op, (failure == null) ? outcome.apply(value) : "error")
				.record(Duration.ofNanos(System.nanoTime() - start)));
	}

	private Timer timer(String op, String outcome) {
		return Timer.builder(OPERATION_TIMER)
			.description("Storage engine calls, by operation and outcome")
			.tag("op", op)
			.tag("engine", this.engine.name())
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofNanos(10_000))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry);
	}

}
