package dev.kvstore.metrics;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineListener;

/**
 * Measures what the engine does in the background: {@code kv.sync.batch} (writes made
 * durable per fsync), {@code kv.compaction} and {@code kv.compaction.reclaimed}, for
 * manual and automatic compactions alike.
 */
public class MetricsEngineListener implements EngineListener {

	private final DistributionSummary syncBatch;

	private final Timer compaction;

	private final Counter reclaimed;

	private final CompactionHistory history;

	private final Clock clock;

	public MetricsEngineListener(MeterRegistry registry, String engine, CompactionHistory history, Clock clock) {
		this.syncBatch = DistributionSummary.builder("kv.sync.batch")
			.description("Writes made durable by one fsync (group commit)")
			.baseUnit("writes")
			.tag("engine", engine)
			.publishPercentileHistogram()
			.maximumExpectedValue(1024.0)
			.register(registry);
		this.compaction = Timer.builder("kv.compaction")
			.description("Compactions, manual and automatic")
			.tag("engine", engine)
			.register(registry);
		this.reclaimed = Counter.builder("kv.compaction.reclaimed")
			.description("Bytes freed by compactions")
			.baseUnit("bytes")
			.tag("engine", engine)
			.register(registry);
		this.history = history;
		this.clock = clock;
	}

	@Override
	public void onSync(int writes) {
		this.syncBatch.record(writes);
	}

	@Override
	public void onCompaction(CompactionReport report) {
		this.compaction.record(Duration.ofMillis(report.durationMillis()));
		this.reclaimed.increment(report.reclaimedBytes());
		this.history.add(report, this.clock.millis());
	}

}
