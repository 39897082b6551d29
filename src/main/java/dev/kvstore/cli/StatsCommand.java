package dev.kvstore.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stats}: the store's gauges, read from the service's {@code /actuator/metrics}:
 * the engine, keys, data files, bytes on disk and bytes a compaction would free.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
		description = { "Shows the engine, the number of keys, data files, bytes on disk and reclaimable bytes,",
				"from the service's /actuator/metrics (a read-write account when access control is on)." })
final class StatsCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Override
	public Integer call() {
		this.cli.terminal().out().print(text(this.cli.client()));
		return ExitCodes.OK;
	}

	static String text(KvClient client) {
		KvClient.Gauge keys = client.gauge("kv.keys");
		long segments = (long) client.gauge("kv.segments").value();
		long disk = (long) client.gauge("kv.disk.bytes").value();
		long reclaimable = (long) client.gauge("kv.disk.reclaimable.bytes").value();
		return String.format(
				"service      %s%nengine       %s%nkeys         %d%ndata files   %d%ndisk         %d bytes%n"
						+ "reclaimable  %d bytes%n",
				client.baseUrl(), keys.engine(), (long) keys.value(), segments, disk, reclaimable);
	}

}
