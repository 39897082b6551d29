package dev.kvstore.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.kvstore.engine.StorageEngine;

/**
 * The {@code storage} section of {@code /actuator/info}: the engine and its data format.
 */
public class EngineInfoContributor implements InfoContributor {

	/** The version of the on-disk formats in {@code docs/data-format.md}. */
	public static final int DATA_FORMAT_VERSION = 1;

	private final StorageEngine engine;

	private final String dataDir;

	public EngineInfoContributor(StorageEngine engine, String dataDir) {
		this.engine = engine;
		this.dataDir = dataDir;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("engine", this.engine.name());
		storage.put("dataFormatVersion", DATA_FORMAT_VERSION);
		storage.put("dataDirectory", this.dataDir);
		builder.withDetail("storage", storage);
	}

}
