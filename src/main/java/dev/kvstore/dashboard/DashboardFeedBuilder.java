package dev.kvstore.dashboard;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.metrics.CompactionHistory;
import dev.kvstore.metrics.TimedStorageEngine;

/**
 * Builds the {@link DashboardFeed} from the {@code kv.operation} timers (summed over
 * outcomes) and the engine's statistics.
 */
class DashboardFeedBuilder {

	static final String[] OPERATIONS = { "put", "get", "delete", "list", "compact" };

	private final MeterRegistry registry;

	private final StorageEngine engine;

	private final CompactionHistory history;

	private final Clock clock;

	DashboardFeedBuilder(MeterRegistry registry, StorageEngine engine, CompactionHistory history, Clock clock) {
		this.registry = registry;
		this.engine = engine;
		this.history = history;
		this.clock = clock;
	}

	DashboardFeed build() {
		Map<String, DashboardFeed.Operation> operations = new LinkedHashMap<>();
		for (String op : OPERATIONS) {
			operations.put(op, operation(op));
		}
		EngineStats stats = this.engine.stats();
		return new DashboardFeed(this.clock.millis(), this.engine.name(), operations, stats.keys(), stats.segments(),
				stats.diskBytes(), stats.reclaimableBytes(), this.history.recent());
	}

	private DashboardFeed.Operation operation(String op) {
		long count = 0;
		double[] bounds = new double[0];
		double[] cumulative = new double[0];
		for (Timer timer : this.registry.find(TimedStorageEngine.OPERATION_TIMER).tag("op", op).timers()) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			CountAtBucket[] buckets = snapshot.histogramCounts();
			count += snapshot.count();
			if (bounds.length == 0) {
				bounds = new double[buckets.length];
				cumulative = new double[buckets.length];
				for (int i = 0; i < buckets.length; i++) {
					bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
				}
			}
			// Every kv.operation timer has the same buckets, so outcomes add up
			// bucket by bucket.
			for (int i = 0; i < Math.min(buckets.length, cumulative.length); i++) {
				cumulative[i] += buckets[i].count();
			}
		}
		return new DashboardFeed.Operation(count, bounds, cumulative);
	}

}
