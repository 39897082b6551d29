package dev.kvstore.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kvstore.config.KvProperties;
import dev.kvstore.engine.StorageEngine;

/**
 * Measures the storage engine: the {@code StorageEngine} bean is wrapped in a
 * {@link TimedStorageEngine}, its statistics are bound as gauges, and its background
 * events feed the sync and compaction meters.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

	@Bean
	static BeanPostProcessor timedStorageEngine(ObjectProvider<MeterRegistry> registry) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof StorageEngine engine && !(bean instanceof TimedStorageEngine)) {
					return new TimedStorageEngine(engine, registry.getObject());
				}
				return bean;
			}
		};
	}

	@Bean
	EngineMeterBinder engineMeterBinder(StorageEngine engine) {
		return new EngineMeterBinder(engine);
	}

	@Bean
	CompactionHistory compactionHistory() {
		return new CompactionHistory();
	}

	@Bean
	MetricsEngineListener metricsEngineListener(MeterRegistry registry, KvProperties properties,
			CompactionHistory history) {
		return new MetricsEngineListener(registry, properties.engine().name().toLowerCase(java.util.Locale.ROOT),
				history, Clock.systemUTC());
	}

}
