package dev.kvstore.cli;

import java.util.concurrent.Callable;

import dev.kvstore.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The companion CLI of kvstore: one-shot commands for scripts, and a numbered menu when
 * run without arguments. It talks to the service over HTTP and has nothing of Spring in
 * it, so it starts in a fraction of a second from a small jar. The streams and the
 * environment come in through a {@link Terminal}, so tests run it in-process.
 */
@Command(name = "kvstore-cli", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		sortOptions = false, usageHelpAutoWidth = true,
		description = { "The command line of the kvstore key/value service.",
				"Without a command, opens a numbered menu that reads choices from standard input." },
		subcommands = { SetCommand.class, GetCommand.class, DeleteCommand.class, KeysCommand.class,
				CompactCommand.class, StatsCommand.class, BenchCommand.class },
		footerHeading = "%nExit status:%n",
		footer = { "  0  done", "  1  the key has no value",
				"  2  usage error, or a request the service refused as given:",
				"     HTTP 4xx such as an invalid key, a value too large, bad credentials",
				"  3  the service is unreachable, failed (HTTP 5xx) or is busy (HTTP 409)", "%nEnvironment:",
				"  KVSTORE_URL, KVSTORE_USER, KVSTORE_PASSWORD: defaults of the options" })
public final class KvCli implements Callable<Integer> {

	static final String DEFAULT_URL = "http://localhost:8080";

	private final Terminal terminal;

	private KvClient client;

	@Option(names = "--url", paramLabel = "URL",
			description = "The service's URL (default: $KVSTORE_URL, else " + DEFAULT_URL + ").")
	private String url;

	@Option(names = "--user", paramLabel = "NAME",
			description = "User name for HTTP Basic, when the service has accounts (default: $KVSTORE_USER).")
	private String user;

	@Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true, prompt = "password: ",
			description = "Password for HTTP Basic (default: $KVSTORE_PASSWORD); "
					+ "without a value, it is asked for on the console.")
	private char[] password;

	KvCli(Terminal terminal) {
		this.terminal = terminal;
	}

	public static void main(String[] args) {
		System.exit(execute(Terminal.system(), args));
	}

	/** Runs one command line and returns its exit status. */
	static int execute(Terminal terminal, String... args) {
		int status = commandLine(terminal).execute(args);
		terminal.flush();
		return status;
	}

	static CommandLine commandLine(Terminal terminal) {
		CommandLine commandLine = new CommandLine(new KvCli(terminal));
		commandLine.setOut(terminal.out());
		commandLine.setErr(terminal.err());
		commandLine.setExecutionExceptionHandler((ex, command, parseResult) -> {
			terminal.out().flush();
			if (ex instanceof CliFailure failure) {
				command.getErr().println(failure.getMessage());
				return failure.exitCode();
			}
			command.getErr().println("unexpected error: " + ex);
			return ExitCodes.UNAVAILABLE;
		});
		return commandLine;
	}

	/** Without a command: the menu. */
	@Override
	public Integer call() {
		return new Menu(this.terminal, client()).run();
	}

	/** The HTTP client for the service the options and the environment name. */
	KvClient client() {
		if (this.client == null) {
			String base = firstOf(this.url, this.terminal.env("KVSTORE_URL"), DEFAULT_URL);
			String name = firstOf(this.user, this.terminal.env("KVSTORE_USER"), null);
			char[] secret = (this.password != null) ? this.password : chars(this.terminal.env("KVSTORE_PASSWORD"));
			this.client = new KvClient(base, (name != null) ? new KvClient.Credentials(name, secret) : null);
		}
		return this.client;
	}

	Terminal terminal() {
		return this.terminal;
	}

	private static String firstOf(String first, String second, String otherwise) {
		if (first != null && !first.isEmpty()) {
			return first;
		}
		return (second != null && !second.isEmpty()) ? second : otherwise;
	}

	private static char[] chars(String text) {
		return (text != null) ? text.toCharArray() : null;
	}

}
