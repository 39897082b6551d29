package dev.kvstore.engine;

/**
 * What a compaction did.
 *
 * @param engine the engine's name
 * @param segmentsBefore data files before (segments, or files for the file engine)
 * @param segmentsAfter data files after
 * @param bytesBefore bytes of all the engine's data files before
 * @param bytesAfter bytes of all the engine's data files after
 * @param liveKeys keys present when the compaction ended
 * @param durationMillis how long it ran
 */
public record CompactionReport(String engine, int segmentsBefore, int segmentsAfter, long bytesBefore, long bytesAfter,
		long liveKeys, long durationMillis) {

	/** Bytes freed: never negative, even if writes during the compaction added more. */
	public long reclaimedBytes() {
		return Math.max(0, this.bytesBefore - this.bytesAfter);
	}

}
