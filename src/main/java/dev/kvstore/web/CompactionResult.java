package dev.kvstore.web;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.kvstore.engine.CompactionReport;

/**
 * The JSON report of {@code POST /compact}.
 *
 * @param engine the engine's name
 * @param segmentsBefore data files before
 * @param segmentsAfter data files after
 * @param bytesBefore bytes on disk before
 * @param bytesAfter bytes on disk after
 * @param reclaimedBytes bytes freed
 * @param liveKeys keys present afterwards
 * @param durationMs how long it took
 */
@Schema(description = "What a compaction did")
public record CompactionResult(@Schema(example = "log") String engine, @Schema(example = "5") int segmentsBefore,
		@Schema(example = "2") int segmentsAfter, @Schema(example = "335544320") long bytesBefore,
		@Schema(example = "120586240") long bytesAfter, @Schema(example = "214958080") long reclaimedBytes,
		@Schema(example = "1000000") long liveKeys, @Schema(example = "850") long durationMs) {

	static CompactionResult of(CompactionReport report) {
		return new CompactionResult(report.engine(), report.segmentsBefore(), report.segmentsAfter(),
				report.bytesBefore(), report.bytesAfter(), report.reclaimedBytes(), report.liveKeys(),
				report.durationMillis());
	}

}
