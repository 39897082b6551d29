package dev.kvstore.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code delete}: removes a key's value. */
@Command(name = "delete", mixinStandardHelpOptions = true,
		description = { "Deletes a key and its value.", "Exit status 1 if the key has no value." })
final class DeleteCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Parameters(index = "0", paramLabel = "KEY", description = "The key.")
	private String key;

	@Override
	public Integer call() {
		this.cli.client().delete(this.key);
		this.cli.terminal().out().println("deleted " + this.key);
		return ExitCodes.OK;
	}

}
