package dev.kvstore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code get}: writes a value byte for byte, with no newline added, so that
 * {@code get k > file} gives back exactly what {@code set k --file file} stored.
 */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Writes the value of a key to standard output, byte for byte, with no newline added.",
				"Exit status 1 if the key has no value." })
final class GetCommand implements Callable<Integer> {

	@ParentCommand
	private KvCli cli;

	@Parameters(index = "0", paramLabel = "KEY", description = "The key.")
	private String key;

	@Option(names = { "-o", "--output" }, paramLabel = "FILE",
			description = "Write the value to this file instead (created or replaced).")
	private Path output;

	@Override
	public Integer call() {
		try (InputStream value = this.cli.client().get(this.key)) {
			if (this.output != null) {
				try (OutputStream file = Files.newOutputStream(this.output)) {
					value.transferTo(file);
				}
			}
			else {
				OutputStream out = this.cli.terminal().rawOut();
				value.transferTo(out);
				out.flush();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ExitCodes.OK;
	}

}
