package dev.kvstore.engine.file;

import java.nio.file.Path;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineModelProperties;
import dev.kvstore.engine.StorageEngine;

class FilePerKeyKVProperties extends EngineModelProperties {

	@Override
	protected StorageEngine open(Path dir, EngineLimits limits) {
		// Without per-write fsync: the properties check logic, the fault tests
		// durability.
		return FilePerKeyKV.open(dir.resolve("fs"), limits, false);
	}

	@Override
	protected boolean persistent() {
		return true;
	}

}
