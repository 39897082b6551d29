package dev.kvstore.engine;

/**
 * A snapshot of an engine's statistics.
 *
 * @param keys present keys
 * @param segments data files (segments for the log engine, value files for the file
 * engine, 0 for memory)
 * @param diskBytes bytes of all the engine's files
 * @param reclaimableBytes bytes a compaction would free now
 * @param syncBatches fsyncs made to acknowledge writes since the engine was opened
 * @param syncedWrites writes made durable by those fsyncs
 * @param indexMemoryBytes estimated heap taken by the in-memory index (0 if the engine
 * has none)
 */
public record EngineStats(long keys, long segments, long diskBytes, long reclaimableBytes, long syncBatches,
		long syncedWrites, long indexMemoryBytes) {

}
