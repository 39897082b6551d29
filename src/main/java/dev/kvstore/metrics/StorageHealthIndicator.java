package dev.kvstore.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.unit.DataSize;

import dev.kvstore.engine.StorageEngine;

/**
 * The {@code storage} component of {@code /actuator/health}: the engine, its data
 * directory and the free space there. DOWN when the engine has stopped writing (after a
 * failed fsync) or the free space is under {@code kv.health.min-free-space}.
 */
public class StorageHealthIndicator extends AbstractHealthIndicator {

	private final StorageEngine engine;

	private final Path dataDir;

	private final DataSize minFreeSpace;

	public StorageHealthIndicator(StorageEngine engine, Path dataDir, DataSize minFreeSpace) {
		super("storage health check failed");
		this.engine = engine;
		this.dataDir = dataDir;
		this.minFreeSpace = minFreeSpace;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws IOException {
		builder.withDetail("engine", this.engine.name()).withDetail("dataDirectory", this.dataDir.toString());
		Path existing = this.dataDir;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		long free = (existing != null) ? Files.getFileStore(existing).getUsableSpace() : 0;
		builder.withDetail("freeBytes", free).withDetail("minFreeBytes", this.minFreeSpace.toBytes());
		Optional<String> writeFailure = this.engine.writeFailure();
		if (writeFailure.isPresent()) {
			builder.down().withDetail("reason", writeFailure.get());
		}
		else if (free < this.minFreeSpace.toBytes()) {
			builder.down().withDetail("reason", "free space is below kv.health.min-free-space");
		}
		else {
			builder.up();
		}
	}

}
