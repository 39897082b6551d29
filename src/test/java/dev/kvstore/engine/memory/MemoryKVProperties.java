package dev.kvstore.engine.memory;

import java.nio.file.Path;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineModelProperties;
import dev.kvstore.engine.StorageEngine;

class MemoryKVProperties extends EngineModelProperties {

	@Override
	protected StorageEngine open(Path dir, EngineLimits limits) {
		return new MemoryKV(limits);
	}

	@Override
	protected boolean persistent() {
		return false;
	}

}
