package dev.kvstore.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stats}: what the service's API tells about the store today. There is no
 * statistics endpoint yet, so this counts the keys by paging through {@code GET /keys};
 * it says so rather than pretend to know more.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
		description = { "Shows the number of keys in the store.",
				"The service has no statistics endpoint yet: the keys are counted by paging through GET /keys,",
				"which takes one request per 1000 keys." })
final class StatsCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Override
	public Integer call() {
		KvClient client = this.cli.client();
		this.cli.terminal().out().print(text(client));
		return ExitCodes.OK;
	}

	static String text(KvClient client) {
		long keys = new KeyLister(client).count("");
		return String.format("service  %s%nkeys     %d%n", client.baseUrl(), keys);
	}

}
