package dev.kvstore.cli;

import java.util.Map;

/**
 * The compaction report of {@code POST /compact} as lines a person reads at a glance:
 * what was there before, what is there now, what was freed.
 */
final class CompactionReportText {

	private CompactionReportText() {
	}

	static String format(Map<String, Object> report) {
		return String.format("compacted the %s engine in %s ms%n", field(report, "engine"), field(report, "durationMs"))
				+ String.format("  data files  %s -> %s%n", field(report, "segmentsBefore"),
						field(report, "segmentsAfter"))
				+ String.format("  bytes       %s -> %s (%s reclaimed)%n", field(report, "bytesBefore"),
						field(report, "bytesAfter"), field(report, "reclaimedBytes"))
				+ String.format("  live keys   %s%n", field(report, "liveKeys"));
	}

	private static String field(Map<String, Object> report, String name) {
		Object value = report.get(name);
		return (value != null) ? value.toString() : "?";
	}

}
