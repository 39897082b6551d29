package dev.kvstore.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code bench}: measurements of kvstore, as subcommands. It has no action of its own, so
 * picocli answers a bare {@code bench} with a usage error naming the subcommands.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure kvstore's speed.",
		subcommands = { EngineBenchCommand.class })
public final class BenchCommand {

}
