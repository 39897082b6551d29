package dev.kvstore.cli.bench;

/**
 * The operations the benchmark times, on one open store: the subset of a key/value API
 * that every engine compared (ours and the reference ones) has in the same shape. Called
 * from many threads at once.
 */
public interface BenchTarget extends AutoCloseable {

	void put(byte[] key, byte[] value);

	/**
	 * Reads {@code key}; returns whether it had a value, so the read cannot be skipped.
	 */
	boolean get(byte[] key);

	void delete(byte[] key);

	/**
	 * Makes what was written durable as the engine's sync setting promises, and releases
	 * it.
	 */
	@Override
	void close();

}
