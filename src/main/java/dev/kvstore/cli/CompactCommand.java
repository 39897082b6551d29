package dev.kvstore.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code compact}: asks the service to compact its data files and shows the report. */
@Command(name = "compact", mixinStandardHelpOptions = true,
		description = { "Compacts the store and prints what it freed.",
				"The service rewrites its data files without overwritten and deleted values.",
				"Exit status 3 if a compaction is already running." })
final class CompactCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Override
	public Integer call() {
		this.cli.terminal().out().print(CompactionReportText.format(this.cli.client().compact()));
		return ExitCodes.OK;
	}

}
