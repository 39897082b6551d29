package dev.kvstore.cli.bench;

import java.nio.file.Path;
import java.util.List;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.file.FilePerKeyKV;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.log.SyncMode;
import dev.kvstore.engine.memory.MemoryKV;

/**
 * The engines of kvstore itself, with the settings the service would give them: the
 * defaults, except the sync mode the run asks for.
 */
final class BuiltInEngines {

	private BuiltInEngines() {
	}

	static List<BenchEngine> all() {
		return List.of(new Log(), new File(), new Memory());
	}

	private static final class Log implements BenchEngine {

		@Override
		public String name() {
			return "log";
		}

		@Override
		public BenchTarget open(Path directory, BenchSync sync) {
			SyncMode mode = (sync == BenchSync.ALWAYS) ? SyncMode.ALWAYS : SyncMode.NEVER;
			return new StorageEngineTarget(LogStructuredKV.open(LogOptions.defaults(directory).withSync(mode)));
		}

		@Override
		public String describe(BenchSync sync) {
			return (sync == BenchSync.ALWAYS)
					? "kv.sync=always: fsync before each write returns, shared by group commit"
					: "kv.sync=never: appends left in the page cache";
		}

	}

	private static final class File implements BenchEngine {

		@Override
		public String name() {
			return "file";
		}

		@Override
		public BenchTarget open(Path directory, BenchSync sync) {
			return new StorageEngineTarget(
					FilePerKeyKV.open(directory, EngineLimits.DEFAULTS, sync == BenchSync.ALWAYS));
		}

		@Override
		public String describe(BenchSync sync) {
			return (sync == BenchSync.ALWAYS) ? "fsync of each value file and its directory"
					: "files left in the page cache";
		}

	}

	private static final class Memory implements BenchEngine {

		@Override
		public String name() {
			return "memory";
		}

		@Override
		public BenchTarget open(Path directory, BenchSync sync) {
			return new StorageEngineTarget(new MemoryKV(EngineLimits.DEFAULTS));
		}

		@Override
		public String describe(BenchSync sync) {
			return "no files: the ceiling, sync does not apply";
		}

	}

}
