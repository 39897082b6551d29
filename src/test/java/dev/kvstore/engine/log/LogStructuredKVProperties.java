package dev.kvstore.engine.log;

import java.nio.file.Path;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineModelProperties;
import dev.kvstore.engine.StorageEngine;

class LogStructuredKVProperties extends EngineModelProperties {

	@Override
	protected StorageEngine open(Path dir, EngineLimits limits) {
		// Tiny segments so that short sequences rotate, write hints and compact many
		// files.
		return LogStructuredKV.open(LogOptions.defaults(dir.resolve("log"))
			.withLimits(limits)
			.withSegmentSize(1024)
			.withSync(SyncMode.NEVER));
	}

	@Override
	protected boolean persistent() {
		return true;
	}

}
