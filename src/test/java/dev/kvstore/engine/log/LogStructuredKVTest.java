package dev.kvstore.engine.log;

import java.nio.file.Path;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageEngineContract;

/**
 * The engine contract for the log engine, with segments small enough that the contract's
 * workloads rotate and compact many of them.
 */
class LogStructuredKVTest extends StorageEngineContract {

	@Override
	protected StorageEngine open(Path dir, EngineLimits limits) {
		return LogStructuredKV.open(LogOptions.defaults(dir.resolve("log")).withLimits(limits).withSegmentSize(4096));
	}

	@Override
	protected boolean persistent() {
		return true;
	}

}
