package dev.kvstore.metrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kvstore.config.KvProperties;
import dev.kvstore.engine.StorageEngine;

/** The engine's parts of {@code /actuator/health} and {@code /actuator/info}. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

	@Bean
	StorageHealthIndicator storageHealthIndicator(StorageEngine engine, KvProperties properties) {
		return new StorageHealthIndicator(engine, properties.engineDirectory(), properties.health().minFreeSpace());
	}

	@Bean
	EngineInfoContributor engineInfoContributor(StorageEngine engine, KvProperties properties) {
		return new EngineInfoContributor(engine, properties.engineDirectory().toString());
	}

}
