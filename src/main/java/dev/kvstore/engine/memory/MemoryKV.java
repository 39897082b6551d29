package dev.kvstore.engine.memory;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.kvstore.engine.CompactionInProgressException;
import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineClosedException;
import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.SortedKeys;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StripedLocks;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.WriteResult;

/**
 * The non-persistent reference engine: a sorted concurrent map in the heap. It is the
 * model the other engines are compared against in tests and the ceiling they are measured
 * against in benchmarks. Nothing survives {@link #close()}.
 *
 * <p>
 * Reads take no lock. Writes of one key are serialized by a striped lock so that a
 * conditional write's check and its write are one atomic step, and so that the key and
 * byte counters stay exact.
 */
public final class MemoryKV implements StorageEngine {

	/** Rough heap cost of one entry: skip list node and index, array headers, record. */
	private static final long ENTRY_OVERHEAD_BYTES = 120;

	private static final int STRIPES = 64;

	private final EngineLimits limits;

	private final EngineListener listener;

	private final ConcurrentSkipListMap<byte[], VersionedValue> map = new ConcurrentSkipListMap<>(
			Arrays::compareUnsigned);

	private final StripedLocks locks = new StripedLocks(STRIPES);

	private final ReentrantLock compaction = new ReentrantLock();

	private final AtomicLong nextVersion = new AtomicLong(1);

	private final AtomicLong keys = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates an empty engine.
	 * @param limits the key and value limits it enforces
	 */
	public MemoryKV(EngineLimits limits) {
		this(limits, EngineListener.NONE);
	}

	/** An empty engine whose listener hears each compaction. */
	public MemoryKV(EngineLimits limits, EngineListener listener) {
		this.limits = limits;
		this.listener = listener;
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public Optional<VersionedValue> get(byte[] key) {
		checkOpen();
		this.limits.checkKey(key);
		VersionedValue stored = this.map.get(key);
		// The stored array never leaves the engine: callers get their own copy.
		return (stored != null) ? Optional.of(new VersionedValue(stored.value().clone(), stored.version()))
				: Optional.empty();
	}

	@Override
	public WriteResult put(byte[] key, byte[] value, Precondition precondition) {
		checkOpen();
		this.limits.checkKey(key);
		this.limits.checkValue(value);
		byte[] ownKey = key.clone();
		byte[] ownValue = value.clone();
		ReentrantLock lock = this.locks.lockFor(ownKey);
		lock.lock();
		try {
			VersionedValue current = this.map.get(ownKey);
			checkPrecondition(precondition, current);
			long version = this.nextVersion.getAndIncrement();
			this.map.put(ownKey, new VersionedValue(ownValue, version));
			if (current == null) {
				this.keys.incrementAndGet();
				this.bytes.addAndGet(ownKey.length + ownValue.length);
			}
			else {
				this.bytes.addAndGet(ownValue.length - current.value().length);
			}
			return new WriteResult(version, current == null);
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public boolean delete(byte[] key, Precondition precondition) {
		checkOpen();
		this.limits.checkKey(key);
		ReentrantLock lock = this.locks.lockFor(key);
		lock.lock();
		try {
			VersionedValue current = this.map.get(key);
			checkPrecondition(precondition, current);
			if (current == null) {
				return false;
			}
			this.map.remove(key);
			this.keys.decrementAndGet();
			this.bytes.addAndGet(-(key.length + current.value().length));
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public KeyPage list(byte[] prefix, byte[] after, int limit) {
		checkOpen();
		return SortedKeys.page(this.map, prefix, after, limit);
	}

	@Override
	public CompactionReport compact() {
		checkOpen();
		if (!this.compaction.tryLock()) {
			throw new CompactionInProgressException();
		}
		try {
			// Overwritten and deleted values are already garbage for the JVM's collector:
			// there is nothing on disk to reclaim.
			CompactionReport report = new CompactionReport(name(), 0, 0, 0, 0, this.keys.get(), 0);
			this.listener.onCompaction(report);
			return report;
		}
		finally {
			this.compaction.unlock();
		}
	}

	@Override
	public EngineStats stats() {
		checkOpen();
		long count = this.keys.get();
		return new EngineStats(count, 0, 0, 0, 0, 0, count * ENTRY_OVERHEAD_BYTES + this.bytes.get());
	}

	/** Drops every value; the engine cannot be used afterwards. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.map.clear();
		}
	}

	private void checkOpen() {
		if (this.closed.get()) {
			throw new EngineClosedException(name());
		}
	}

	private static void checkPrecondition(Precondition precondition, VersionedValue current) {
		Long version = (current != null) ? current.version() : null;
		if (!precondition.test(version)) {
			throw new PreconditionFailedException("precondition " + precondition + " does not hold, current version is "
					+ ((version != null) ? version : "absent"));
		}
	}

}
