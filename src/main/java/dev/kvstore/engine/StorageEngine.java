package dev.kvstore.engine;

import java.io.Closeable;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A key/value store: keys and values are byte strings, every stored value carries a
 * version.
 *
 * <p>
 * <b>Keys</b> must satisfy {@link KeyRules} (the engine checks them and throws
 * {@link InvalidKeyException}); <b>values</b> are 0 to
 * {@link EngineLimits#maxValueBytes()} bytes (else {@link ValueTooLargeException}). An
 * empty value is a value, not a delete.
 *
 * <p>
 * <b>Versions</b> are positive numbers; a write of a key always gives it a version it has
 * never had before (also when the same bytes are written again), and the version of a
 * stored value never changes because of a compaction or a restart. They are what the
 * service turns into ETags.
 *
 * <p>
 * <b>Threads</b>: every method may be called from many threads at once. A write that has
 * returned is seen by every later read. Buffers passed in are not kept by the engine
 * after the call returns and must not be changed during it; arrays returned belong to the
 * caller.
 *
 * <p>
 * <b>Durability</b> depends on the engine and its sync mode; see {@code docs/design.md}.
 * A write that throws may or may not have taken effect.
 *
 * <p>
 * <b>Failures</b>: every method may throw {@link StorageException} (or its subclasses
 * such as {@link CorruptionException} or {@link StorageFullException}) when the files
 * cannot be read or written, and {@link IllegalStateException} once the engine is closed.
 */
public interface StorageEngine extends Closeable {

	/**
	 * Short name of the engine ({@code log}, {@code file} or {@code memory}), used in
	 * reports and metric tags.
	 */
	String name();

	/**
	 * Returns the value stored under {@code key} with its version, or empty if the key is
	 * absent (never written, or deleted).
	 */
	Optional<VersionedValue> get(byte[] key);

	/**
	 * Stores {@code value} under {@code key}, replacing any earlier value.
	 * @return the new version and whether the key was absent before
	 */
	default WriteResult put(byte[] key, byte[] value) {
		return put(key, value, Precondition.NONE);
	}

	/**
	 * Stores {@code value} under {@code key} if {@code precondition} holds for the key's
	 * current state; the check and the write are one atomic step with respect to every
	 * other write of the key.
	 * @return the new version and whether the key was absent before
	 * @throws PreconditionFailedException if the precondition does not hold; nothing is
	 * written
	 */
	WriteResult put(byte[] key, byte[] value, Precondition precondition);

	/**
	 * Deletes {@code key}.
	 * @return {@code true} if the key was present, {@code false} if it was absent (then
	 * nothing is written)
	 */
	default boolean delete(byte[] key) {
		return delete(key, Precondition.NONE);
	}

	/**
	 * Deletes {@code key} if {@code precondition} holds, atomically as for
	 * {@link #put(byte[], byte[], Precondition)}.
	 * @return {@code true} if the key was present and is now deleted, {@code false} if it
	 * was absent and the precondition allowed that
	 * @throws PreconditionFailedException if the precondition does not hold; nothing is
	 * written
	 */
	boolean delete(byte[] key, Precondition precondition);

	/**
	 * As {@link #put(byte[], byte[], Precondition)} (which throws what this throws), but
	 * may return before the write is durable, with an acknowledgement that completes once
	 * it is as durable as a return from {@code put} would make it, or completes
	 * exceptionally with a {@link StorageException} if it cannot be made so. The write is
	 * applied when this returns: reads see it. For a server whose threads should not wait
	 * for an fsync: the engine completes the acknowledgement on one of its own threads,
	 * which must not be held up. By default the write is made as by {@code put}, and the
	 * acknowledgement is complete when returned.
	 */
	default CompletableFuture<WriteResult> putAcknowledged(byte[] key, byte[] value, Precondition precondition) {
		return CompletableFuture.completedFuture(put(key, value, precondition));
	}

	/**
	 * As {@link #delete(byte[], Precondition)}, with an acknowledgement as for
	 * {@link #putAcknowledged}.
	 */
	default CompletableFuture<Boolean> deleteAcknowledged(byte[] key, Precondition precondition) {
		return CompletableFuture.completedFuture(delete(key, precondition));
	}

	/**
	 * Lists present keys that start with {@code prefix}, in ascending unsigned byte order
	 * (for UTF-8 keys, that is code point order), beginning after {@code after}.
	 * @param prefix the prefix every key listed starts with; empty for all keys
	 * @param after list only keys strictly greater than this one; {@code null} to start
	 * at the beginning
	 * @param limit the most keys to return, at least 1
	 * @return the keys, and the cursor to pass as {@code after} for the next page, or
	 * {@code null} in {@link KeyPage#next()} when no key is left
	 */
	KeyPage list(byte[] prefix, byte[] after, int limit);

	/**
	 * Reclaims the space of overwritten and deleted values. Reads and writes go on while
	 * it runs.
	 * @return what the compaction did
	 * @throws CompactionInProgressException if another compaction is running
	 */
	CompactionReport compact();

	/**
	 * A snapshot of the engine's statistics; cheap enough to call for every metrics
	 * scrape.
	 */
	EngineStats stats();

	/**
	 * Why writes are refused until the engine is reopened, if they are: an engine that
	 * can no longer trust its files (after a failed fsync) stops writing rather than risk
	 * losing acknowledged data. Empty while writes work. A full disk is not such a
	 * failure: writes fail only while it lasts.
	 */
	default Optional<String> writeFailure() {
		return Optional.empty();
	}

	/**
	 * Makes every write that has returned durable and releases the files. Further calls
	 * throw {@link IllegalStateException}; calling close again does nothing.
	 */
	@Override
	void close();

}
