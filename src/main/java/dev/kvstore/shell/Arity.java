package dev.kvstore.shell;

import org.springframework.shell.core.command.CommandContext;

/**
 * Checks how many arguments a command was given. Spring Shell fills a missing argument
 * with its default and drops extra ones silently, so {@code set greeting hello world}
 * would store "hello": a usage line is better than a surprise.
 */
final class Arity {

	private Arity() {
	}

	/**
	 * Returns {@code null} if the command has between {@code min} and {@code max}
	 * arguments and no options, else the usage line to print.
	 */
	static String check(CommandContext context, int min, int max, String usage) {
		int given = context.parsedInput().arguments().size();
		if (given < min || given > max || !context.parsedInput().options().isEmpty()) {
			return "usage: " + usage;
		}
		return null;
	}

}
