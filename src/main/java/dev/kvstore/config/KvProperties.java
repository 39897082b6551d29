package dev.kvstore.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.log.RecoveryMode;
import dev.kvstore.engine.log.SyncMode;

/**
 * The {@code kv.*} settings; {@code docs/configuration.md} gives each one's default and
 * trade-off.
 *
 * @param engine which storage engine the service runs
 * @param dataDir the root directory: the log engine keeps its files in
 * {@code <data-dir>/log}, the file engine in {@code <data-dir>/fs}
 * @param maxKeyBytes the longest key, in UTF-8 bytes
 * @param maxValueBytes the largest value
 * @param log settings of the log-structured engine
 * @param file settings of the file-per-key engine
 * @param health settings of the {@code storage} health check
 */
@ConfigurationProperties("kv")
@Validated
public record KvProperties(@DefaultValue("log") @NotNull EngineKind engine,
		@DefaultValue("./data") @NotNull Path dataDir,
		@DefaultValue("1024") @Min(1) @Max(EngineLimits.KEY_BYTES_CEILING) int maxKeyBytes,
		@DefaultValue("16MB") @NotNull DataSize maxValueBytes, @DefaultValue @Valid Log log,
		@DefaultValue @Valid File file, @DefaultValue @Valid Health health) {

	/** The storage engines. */
	public enum EngineKind {

		/** The log-structured engine ({@code LogStructuredKV}). */
		LOG,

		/** One file per key ({@code FilePerKeyKV}). */
		FILE,

		/** In memory only, lost at shutdown: for tests and as a benchmark ceiling. */
		MEMORY

	}

	/** When the file engine forces a written value to disk. */
	public enum FileSync {

		/** Before the write is acknowledged. */
		ALWAYS,

		/** Left to the operating system. */
		NEVER

	}

	/**
	 * Settings of the log-structured engine.
	 *
	 * @param segmentSize the active segment is rotated once an append would take it past
	 * this
	 * @param sync when appends are forced to disk
	 * @param syncInterval how often {@code interval} forces
	 * @param recovery {@code strict} refuses to start on damage; {@code salvage} keeps
	 * every record whose checksum holds
	 * @param compactionRatio automatic compaction runs when this share of the disk bytes
	 * is reclaimable; 0 turns it off
	 * @param compactionMinBytes and at least this much is reclaimable
	 * @param compactionCheckInterval how often that is checked
	 */
	public record Log(@DefaultValue("64MB") @NotNull DataSize segmentSize,
			@DefaultValue("always") @NotNull SyncMode sync, @DefaultValue("100ms") @NotNull Duration syncInterval,
			@DefaultValue("strict") @NotNull RecoveryMode recovery,
			@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double compactionRatio,
			@DefaultValue("64MB") @NotNull DataSize compactionMinBytes,
			@DefaultValue("30s") @NotNull Duration compactionCheckInterval) {

	}

	/**
	 * Settings of the file-per-key engine.
	 *
	 * @param sync when a written value is forced to disk
	 */
	public record File(@DefaultValue("always") @NotNull FileSync sync) {

	}

	/**
	 * Settings of the {@code storage} component of {@code /actuator/health}.
	 *
	 * @param minFreeSpace the component is DOWN when the data directory's file system has
	 * less free space than this
	 */
	public record Health(@DefaultValue("100MB") @NotNull DataSize minFreeSpace) {

	}

	/** The directory the configured engine keeps its files in. */
	public Path engineDirectory() {
		Path root = this.dataDir.toAbsolutePath().normalize();
		return switch (this.engine) {
			case LOG -> root.resolve("log");
			case FILE -> root.resolve("fs");
			case MEMORY -> root;
		};
	}

	/** The limits every engine enforces. */
	public EngineLimits limits() {
		long maxValue = this.maxValueBytes.toBytes();
		if (maxValue < 0 || maxValue > EngineLimits.VALUE_BYTES_CEILING) {
			throw new IllegalArgumentException(
					"kv.max-value-bytes must be between 0 and 1GB, was " + this.maxValueBytes);
		}
		return new EngineLimits(this.maxKeyBytes, (int) maxValue);
	}

}
