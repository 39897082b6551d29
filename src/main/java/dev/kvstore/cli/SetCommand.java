package dev.kvstore.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code set}: stores a value, and says whether the key was new. */
@Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Stores a value under a key, creating or replacing it.",
				"The value is the VALUE argument as UTF-8 text, a file (--file), or standard input "
						+ "(--stdin or VALUE -), sent byte for byte." })
final class SetCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Parameters(index = "0", paramLabel = "KEY", description = "The key; '/' is allowed inside.")
	private String key;

	@Parameters(index = "1", arity = "0..1", paramLabel = "VALUE",
			description = "The value as text; '-' reads standard input.")
	private String value;

	@Option(names = "--file", paramLabel = "PATH", description = "Send the contents of this file.")
	private Path file;

	@Option(names = "--stdin", description = "Send standard input, up to its end.")
	private boolean stdin;

	@Override
	public Integer call() {
		Terminal terminal = this.cli.terminal();
		int status = this.cli.client()
			.put(this.key, ValueSource.body(this.value, this.file, this.stdin, terminal.in()));
		terminal.out().println(((status == 201) ? "created " : "replaced ") + this.key);
		return ExitCodes.OK;
	}

}
