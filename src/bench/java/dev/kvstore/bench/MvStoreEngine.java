package dev.kvstore.bench;

import java.nio.file.Path;

import dev.kvstore.cli.bench.BenchEngine;
import dev.kvstore.cli.bench.BenchSync;
import dev.kvstore.cli.bench.BenchTarget;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore, a pure-Java embedded key/value store, with its default builder settings.
 *
 * <p>
 * MVStore has no per-write fsync switch. With {@code --sync always} each write is
 * followed by {@link MVStore#commit()} (writes a new chunk with every pending change) and
 * {@link MVStore#sync()} (forces the file): the write is durable before it returns, as
 * with our {@code kv.sync=always}; concurrent writers' changes ride in whichever chunk is
 * written next, so they share commits, but every writer still pays its own fsync call.
 * With {@code never}, MVStore's default auto-commit writes changes from a background
 * thread (after one second or once the buffer fills) and never forces the file: a crash
 * of the process loses up to a second of writes, which is weaker than our
 * {@code kv.sync=never} (nothing lost on a kill of the process).
 */
public final class MvStoreEngine implements BenchEngine {

	@Override
	public String name() {
		return "mvstore";
	}

	@Override
	public BenchTarget open(Path directory, BenchSync sync) {
		MVStore store = new MVStore.Builder().fileName(directory.resolve("store.mv").toString()).open();
		return new Target(store, store.openMap("kv"), sync == BenchSync.ALWAYS);
	}

	@Override
	public String describe(BenchSync sync) {
		return (sync == BenchSync.ALWAYS) ? "H2 MVStore, commit() and sync() after each write"
				: "H2 MVStore, background auto-commit (1 s), never synced";
	}

	private static final class Target implements BenchTarget {

		private final MVStore store;

		private final MVMap<byte[], byte[]> map;

		private final boolean durable;

		Target(MVStore store, MVMap<byte[], byte[]> map, boolean durable) {
			this.store = store;
			this.map = map;
			this.durable = durable;
		}

		@Override
		public void put(byte[] key, byte[] value) {
			this.map.put(key, value);
			settle();
		}

		@Override
		public boolean get(byte[] key) {
			return this.map.get(key) != null;
		}

		@Override
		public void delete(byte[] key) {
			this.map.remove(key);
			settle();
		}

		private void settle() {
			if (this.durable) {
				this.store.commit();
				this.store.sync();
			}
		}

		@Override
		public void close() {
			this.store.close();
		}

	}

}
