package dev.kvstore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

/**
 * The numbered menu, for people who would rather not learn the commands. It reads one
 * line per answer from standard input, so it can be driven by a script as well as by a
 * person; an error is printed and the menu carries on; it ends on 0 or at the end of
 * input.
 */
final class Menu {

	private static final String CHOICES = "1 set  2 get  3 delete  4 list keys  5 compact  6 stats  0 exit";

	private final Terminal terminal;

	private final KvClient client;

	Menu(Terminal terminal, KvClient client) {
		this.terminal = terminal;
		this.client = client;
	}

	/** Runs until 0 or the end of input; always exit status 0. */
	int run() {
		PrintWriter out = this.terminal.out();
		out.println("kvstore at " + this.client.baseUrl());
		try {
			while (true) {
				out.println();
				out.println(CHOICES);
				String choice = ask("choice").strip();
				if (choice.equals("0")) {
					break;
				}
				try {
					perform(choice);
				}
				catch (CliFailure failure) {
					error(failure.getMessage());
				}
			}
		}
		catch (EndOfInput ex) {
			out.println();
		}
		out.println("bye");
		out.flush();
		return ExitCodes.OK;
	}

	private void perform(String choice) {
		PrintWriter out = this.terminal.out();
		switch (choice) {
			case "1" -> {
				String key = ask("key");
				String value = ask("value");
				int status = this.client.put(key, BodyPublishers.ofString(value, StandardCharsets.UTF_8));
				out.println(((status == 201) ? "created " : "replaced ") + key);
			}
			case "2" -> printValue(ask("key"));
			case "3" -> {
				String key = ask("key");
				this.client.delete(key);
				out.println("deleted " + key);
			}
			case "4" -> {
				long count = new KeyLister(this.client).forEach(ask("prefix (empty for all)"), KeyLister.MAX_PAGE_SIZE,
						-1, out::println);
				out.println("(" + count + ((count == 1) ? " key)" : " keys)"));
			}
			case "5" -> out.print(CompactionReportText.format(this.client.compact()));
			case "6" -> out.print(StatsCommand.text(this.client));
			case "" -> {
			}
			default -> error("no such choice: " + choice + "; choose a number from 0 to 6");
		}
	}

	/**
	 * Prints a value as it is, then a line break so the menu starts on a line of its own.
	 */
	private void printValue(String key) {
		try (InputStream value = this.client.get(key)) {
			OutputStream raw = this.terminal.rawOut();
			value.transferTo(raw);
			raw.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.terminal.out().println();
	}

	private String ask(String what) {
		PrintWriter out = this.terminal.out();
		out.print(what + "> ");
		out.flush();
		try {
			String line = this.terminal.lines().readLine();
			if (line == null) {
				throw new EndOfInput();
			}
			return line;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void error(String message) {
		this.terminal.out().flush();
		this.terminal.err().println(message);
		this.terminal.err().flush();
	}

	/** Standard input ended: the menu ends as if 0 had been chosen. */
	private static final class EndOfInput extends RuntimeException {

		EndOfInput() {
			super(null, null, false, false);
		}

	}

}
