package dev.kvstore.config;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineListener;

/** Logs what the engine does in the background. */
class LoggingEngineListener implements EngineListener {

	private static final Logger logger = LoggerFactory.getLogger("dev.kvstore.engine");

	@Override
	public void onCompaction(CompactionReport report) {
		logger.info("Compaction: {} segments and {} bytes before, {} and {} after, {} live keys, {} ms",
				report.segmentsBefore(), report.bytesBefore(), report.segmentsAfter(), report.bytesAfter(),
				report.liveKeys(), report.durationMillis());
	}

	@Override
	public void onDataDropped(Path file, long offset, long bytes, String reason) {
		logger.warn("Recovery dropped {} bytes of {} from offset {}: {}", bytes, file, offset, reason);
	}

	@Override
	public void onBackgroundFailure(String task, Exception failure) {
		logger.warn("Background task failed: {}: {}", task, failure.getMessage(), failure);
	}

}
