package dev.kvstore.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.StorageEngine;

/**
 * Publishes an engine's statistics as gauges, with the same names and tags for every
 * engine (in the manner of Micrometer's {@code CacheMeterBinder}): {@code kv.keys},
 * {@code kv.segments}, {@code kv.disk.bytes} and {@code kv.disk.reclaimable.bytes}.
 */
public class EngineMeterBinder implements MeterBinder {

	private final StorageEngine engine;

	public EngineMeterBinder(StorageEngine engine) {
		this.engine = engine;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "kv.keys", "Keys present", null, EngineStats::keys);
		gauge(registry, "kv.segments", "Data files: segments for the log engine, value files for the file engine", null,
				EngineStats::segments);
		gauge(registry, "kv.disk.bytes", "Bytes of all the engine's files", "bytes", EngineStats::diskBytes);
		gauge(registry, "kv.disk.reclaimable.bytes", "Bytes a compaction would free now", "bytes",
				EngineStats::reclaimableBytes);
	}

	private void gauge(MeterRegistry registry, String name, String description, String unit,
			ToDoubleFunction<EngineStats> value) {
		// The gauge holds the engine weakly; the application context holds it strongly
		// for as long as it runs.
		Gauge.builder(name, this.engine, (engine) -> value.applyAsDouble(engine.stats()))
			.description(description)
			.baseUnit(unit)
			.tag("engine", this.engine.name())
			.strongReference(true)
			.register(registry);
	}

}
