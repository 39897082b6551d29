package dev.kvstore.engine.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileIo;

/**
 * Settings of a {@link LogStructuredKV}; {@code docs/configuration.md} gives the
 * trade-off of each.
 *
 * @param directory where the segments live
 * @param limits key and value limits
 * @param segmentSize the active segment is rotated once an append would take it past this
 * (1 KiB to 1 TiB)
 * @param sync when appends are forced to disk
 * @param syncInterval how often {@link SyncMode#INTERVAL} forces
 * @param recovery what to do with damage found at startup
 * @param compactionRatio automatic compaction starts when this share of the disk bytes is
 * reclaimable (0 to 1; 0 turns automatic compaction off)
 * @param compactionMinBytes and at least this many bytes are reclaimable
 * @param compactionCheckInterval how often the ratio is checked
 * @param io the file-access seam
 * @param listener hears background events
 */
public record LogOptions(Path directory, EngineLimits limits, long segmentSize, SyncMode sync, Duration syncInterval,
		RecoveryMode recovery, double compactionRatio, long compactionMinBytes, Duration compactionCheckInterval,
		FileIo io, EngineListener listener) {

	/**
	 * The largest segment size: a record starts at most this far into its segment, and
	 * the index keeps offsets in 40 bits.
	 */
	public static final long MAX_SEGMENT_SIZE = IndexPage.MAX_OFFSET + 1;

	public LogOptions {
		Objects.requireNonNull(directory, "directory");
		Objects.requireNonNull(limits, "limits");
		Objects.requireNonNull(sync, "sync");
		Objects.requireNonNull(recovery, "recovery");
		Objects.requireNonNull(io, "io");
		Objects.requireNonNull(listener, "listener");
		if (segmentSize < 1024) {
			throw new IllegalArgumentException("segment size must be at least 1024 bytes, was " + segmentSize);
		}
		if (segmentSize > MAX_SEGMENT_SIZE) {
			// The index stores record offsets in 40 bits (CompactIndex).
			throw new IllegalArgumentException("segment size must be at most 1 TiB, was " + segmentSize);
		}
		if (syncInterval.isNegative() || syncInterval.isZero()) {
			throw new IllegalArgumentException("sync interval must be positive, was " + syncInterval);
		}
		if (!(compactionRatio >= 0 && compactionRatio <= 1)) {
			throw new IllegalArgumentException("compaction ratio must be between 0 and 1, was " + compactionRatio);
		}
		if (compactionMinBytes < 0) {
			throw new IllegalArgumentException("compaction minimum bytes must not be negative");
		}
		if (compactionCheckInterval.isNegative() || compactionCheckInterval.isZero()) {
			throw new IllegalArgumentException("compaction check interval must be positive");
		}
	}

	/** Options with every default, for the given directory. */
	public static LogOptions defaults(Path directory) {
		return new LogOptions(directory, EngineLimits.DEFAULTS, 64L * 1024 * 1024, SyncMode.ALWAYS,
				Duration.ofMillis(100), RecoveryMode.STRICT, 0.5, 64L * 1024 * 1024, Duration.ofSeconds(30),
				DiskIo.INSTANCE, EngineListener.NONE);
	}

	public LogOptions withLimits(EngineLimits limits) {
		return new LogOptions(this.directory, limits, this.segmentSize, this.sync, this.syncInterval, this.recovery,
				this.compactionRatio, this.compactionMinBytes, this.compactionCheckInterval, this.io, this.listener);
	}

	public LogOptions withSegmentSize(long segmentSize) {
		return new LogOptions(this.directory, this.limits, segmentSize, this.sync, this.syncInterval, this.recovery,
				this.compactionRatio, this.compactionMinBytes, this.compactionCheckInterval, this.io, this.listener);
	}

	public LogOptions withSync(SyncMode sync, Duration syncInterval) {
		return new LogOptions(this.directory, this.limits, this.segmentSize, sync, syncInterval, this.recovery,
				this.compactionRatio, this.compactionMinBytes, this.compactionCheckInterval, this.io, this.listener);
	}

	public LogOptions withSync(SyncMode sync) {
		return withSync(sync, this.syncInterval);
	}

	public LogOptions withRecovery(RecoveryMode recovery) {
		return new LogOptions(this.directory, this.limits, this.segmentSize, this.sync, this.syncInterval, recovery,
				this.compactionRatio, this.compactionMinBytes, this.compactionCheckInterval, this.io, this.listener);
	}

	public LogOptions withAutoCompaction(double ratio, long minBytes, Duration checkInterval) {
		return new LogOptions(this.directory, this.limits, this.segmentSize, this.sync, this.syncInterval,
				this.recovery, ratio, minBytes, checkInterval, this.io, this.listener);
	}

	public LogOptions withIo(FileIo io) {
		return new LogOptions(this.directory, this.limits, this.segmentSize, this.sync, this.syncInterval,
				this.recovery, this.compactionRatio, this.compactionMinBytes, this.compactionCheckInterval, io,
				this.listener);
	}

	public LogOptions withListener(EngineListener listener) {
		return new LogOptions(this.directory, this.limits, this.segmentSize, this.sync, this.syncInterval,
				this.recovery, this.compactionRatio, this.compactionMinBytes, this.compactionCheckInterval, this.io,
				listener);
	}

}
