package dev.kvstore.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code set} takes a value from: the argument (as UTF-8 text), a file, or standard
 * input; exactly one of them. Files and standard input are sent byte for byte.
 */
final class ValueSource {

	private ValueSource() {
	}

	/**
	 * The body to send.
	 * @param argument the value argument, {@code -} for standard input, or {@code null}
	 * @param file a file to send, or {@code null}
	 * @param stdin whether to read standard input
	 * @param in standard input
	 * @throws CliFailure (usage) unless exactly one source is given, or if the file is
	 * not there
	 */
	static BodyPublisher body(String argument, Path file, boolean stdin, InputStream in) {
		boolean fromStdin = stdin || "-".equals(argument);
		int sources = ((argument != null && !"-".equals(argument)) ? 1 : 0) + ((file != null) ? 1 : 0)
				+ (fromStdin ? 1 : 0);
		if (sources != 1 || (stdin && argument != null)) {
			throw CliFailure.usage("give the value as an argument, with --file PATH, or with --stdin (or -)");
		}
		try {
			if (fromStdin) {
				return BodyPublishers.ofByteArray(in.readAllBytes());
			}
			if (file != null) {
				if (!Files.isRegularFile(file)) {
					throw CliFailure.usage("not a readable file: " + file);
				}
				return BodyPublishers.ofFile(file);
			}
		}
		catch (FileNotFoundException ex) {
			throw CliFailure.usage("not a readable file: " + file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return BodyPublishers.ofByteArray(argument.getBytes(StandardCharsets.UTF_8));
	}

}
