package dev.kvstore.shell;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.StorageEngine;

/**
 * {@code compact} and {@code stats} at the REPL prompt: the engine's own reports, laid
 * out for reading rather than as records' {@code toString}. A bean in every profile for
 * the reason given on {@link KeyCommands}.
 */
@Component
class MaintenanceCommands {

	private final StorageEngine engine;

	MaintenanceCommands(StorageEngine engine) {
		this.engine = engine;
	}

	@Command(name = "compact", group = KeyCommands.GROUP,
			description = "Reclaim the space of overwritten and deleted values")
	String compact(CommandContext context) {
		String usage = Arity.check(context, 0, 0, "compact");
		if (usage != null) {
			return usage;
		}
		return Replies.of(() -> {
			CompactionReport report = this.engine.compact();
			return String.join("\n",
					"compacted the " + report.engine() + " engine in " + report.durationMillis() + " ms",
					"  data files " + report.segmentsBefore() + " -> " + report.segmentsAfter(),
					"  disk       " + Replies.bytes(report.bytesBefore()) + " -> " + Replies.bytes(report.bytesAfter()),
					"  reclaimed  " + Replies.bytes(report.reclaimedBytes()), "  live keys  " + report.liveKeys());
		});
	}

	@Command(name = "stats", group = KeyCommands.GROUP, description = "Show the engine's statistics")
	String stats(CommandContext context) {
		String usage = Arity.check(context, 0, 0, "stats");
		if (usage != null) {
			return usage;
		}
		return Replies.of(() -> {
			EngineStats stats = this.engine.stats();
			return String.join("\n", "engine           " + this.engine.name(), "keys             " + stats.keys(),
					"data files       " + stats.segments(), "disk             " + Replies.bytes(stats.diskBytes()),
					"reclaimable      " + Replies.bytes(stats.reclaimableBytes()),
					"sync batches     " + stats.syncBatches(), "synced writes    " + stats.syncedWrites(),
					"index memory     " + Replies.bytes(stats.indexMemoryBytes()));
		});
	}

}
