package dev.kvstore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keys}: every key with a prefix, one per line (keys cannot hold a line break),
 * fetched page by page with the service's cursor.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Lists the keys with a prefix, one per line, in ascending UTF-8 byte order.")
final class KeysCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
			description = "Only keys that start with this (default: all keys).")
	private String prefix;

	@Option(names = "--limit", paramLabel = "N", description = "Print at most N keys (default: all).")
	private Long limit;

	@Option(names = "--page-size", paramLabel = "N", defaultValue = "1000",
			description = "Keys fetched per request, 1 to 1000 (default: ${DEFAULT-VALUE}).")
	private int pageSize;

	@Override
	public Integer call() {
		if (this.pageSize < 1 || this.pageSize > KeyLister.MAX_PAGE_SIZE) {
			throw CliFailure.usage("--page-size must be from 1 to " + KeyLister.MAX_PAGE_SIZE);
		}
		if (this.limit != null && this.limit < 0) {
			throw CliFailure.usage("--limit must not be negative");
		}
		PrintWriter out = this.cli.terminal().out();
		new KeyLister(this.cli.client()).forEach(this.prefix, this.pageSize, (this.limit != null) ? this.limit : -1,
				out::println);
		return ExitCodes.OK;
	}

}
