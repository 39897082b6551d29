package dev.kvstore.bench;

import java.nio.file.Path;

import dev.kvstore.cli.bench.BenchEngine;
import dev.kvstore.cli.bench.BenchSync;
import dev.kvstore.cli.bench.BenchTarget;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * RocksDB, the embedded store most users would reach for instead, with its default
 * options (no tuning, as for our engines). {@code --sync always} sets
 * {@link WriteOptions#setSync(boolean)}: each write's WAL record is fsynced before it
 * returns, and RocksDB groups concurrent writers into one WAL write. {@code never} keeps
 * the WAL but never syncs it, like our log engine's {@code kv.sync=never}.
 */
public final class RocksDbEngine implements BenchEngine {

	@Override
	public String name() {
		return "rocksdb";
	}

	@Override
	public BenchTarget open(Path directory, BenchSync sync) throws RocksDBException {
		// here rather than when the provider is loaded: runs without RocksDB need not
		// unpack its native library
		RocksDB.loadLibrary();
		Options options = new Options().setCreateIfMissing(true);
		WriteOptions writes = new WriteOptions().setSync(sync == BenchSync.ALWAYS);
		try {
			return new Target(RocksDB.open(options, directory.toString()), options, writes);
		}
		catch (RocksDBException ex) {
			writes.close();
			options.close();
			throw ex;
		}
	}

	@Override
	public String describe(BenchSync sync) {
		return (sync == BenchSync.ALWAYS) ? "RocksDB " + RocksDB.rocksdbVersion() + ", WriteOptions.setSync(true)"
				: "RocksDB " + RocksDB.rocksdbVersion() + ", WAL written, not synced";
	}

	/** One open database; RocksDB's calls are thread-safe, its checked exceptions are not ours. */
	private static final class Target implements BenchTarget {

		private final RocksDB db;

		private final Options options;

		private final WriteOptions writes;

		Target(RocksDB db, Options options, WriteOptions writes) {
			this.db = db;
			this.options = options;
			this.writes = writes;
		}

		@Override
		public void put(byte[] key, byte[] value) {
			try {
				this.db.put(this.writes, key, value);
			}
			catch (RocksDBException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public boolean get(byte[] key) {
			try {
				return this.db.get(key) != null;
			}
			catch (RocksDBException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void delete(byte[] key) {
			try {
				this.db.delete(this.writes, key);
			}
			catch (RocksDBException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			this.db.close();
			this.writes.close();
			this.options.close();
		}

	}

}
