package dev.kvstore.cli.bench;

import dev.kvstore.engine.StorageEngine;

/** One of our own engines seen through the benchmark's {@link BenchTarget}. */
final class StorageEngineTarget implements BenchTarget {

	private final StorageEngine engine;

	StorageEngineTarget(StorageEngine engine) {
		this.engine = engine;
	}

	@Override
	public void put(byte[] key, byte[] value) {
		this.engine.put(key, value);
	}

	@Override
	public boolean get(byte[] key) {
		return this.engine.get(key).isPresent();
	}

	@Override
	public void delete(byte[] key) {
		this.engine.delete(key);
	}

	@Override
	public void close() {
		this.engine.close();
	}

}
