package dev.kvstore.cli.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A finished run: what was asked, where it ran and what each engine did. Speed-ups are
 * taken against the log engine, the one kvstore ships as its default, when it ran.
 *
 * @param settings the run's settings
 * @param results one per engine, in the order they ran
 * @param started when the run began
 * @param cores processors the JVM saw
 * @param loadBefore the one-minute load average as the run began (negative if unknown):
 * on a shared machine it says how much the figures can be trusted
 * @param java the Java version
 */
record RunReport(BenchSettings settings, List<EngineResult> results, Instant started, int cores, double loadBefore,
		String java) {

	static final String BASELINE = "log";

	static RunReport of(BenchSettings settings, List<EngineResult> results, Instant started, double loadBefore) {
		return new RunReport(settings, List.copyOf(results), started, Runtime.getRuntime().availableProcessors(),
				loadBefore, System.getProperty("java.version"));
	}

	static double currentLoad() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/** This engine's throughput of an operation as a multiple of the log engine's. */
	OptionalDouble speedUp(EngineResult result, Operation operation) {
		for (EngineResult candidate : this.results) {
			if (candidate.engine().equals(BASELINE)) {
				double base = candidate.phase(operation).opsPerSecond();
				return (base > 0) ? OptionalDouble.of(result.phase(operation).opsPerSecond() / base)
						: OptionalDouble.empty();
			}
		}
		return OptionalDouble.empty();
	}

}
