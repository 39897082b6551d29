package dev.kvstore.shell;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.WriteResult;

/**
 * {@code set}, {@code get}, {@code delete} and {@code keys} at the REPL prompt, straight
 * on the storage engine (no HTTP in between). Keys and values are UTF-8 text; a value
 * with spaces is quoted: {@code set greeting "hello world"}.
 *
 * <p>
 * Not limited to the {@code repl} profile: Spring Shell finds command classes by scanning
 * the package itself, outside the context's profile conditions, and expects each one to
 * be a bean. Elsewhere the shell never runs, so the bean is simply idle.
 */
@Component
class KeyCommands {

	static final String GROUP = "kvstore";

	private static final int DEFAULT_PAGE_SIZE = 1000;

	private final StorageEngine engine;

	private final int pageSize;

	@Autowired
	KeyCommands(StorageEngine engine) {
		this(engine, DEFAULT_PAGE_SIZE);
	}

	/** With a page size of the key listing, so that tests can make it page. */
	KeyCommands(StorageEngine engine, int pageSize) {
		this.engine = engine;
		this.pageSize = pageSize;
	}

	@Command(name = "set", group = GROUP, description = "Store a value under a key: set <key> <value>")
	String set(@Argument(index = 0, description = "the key") String key,
			@Argument(index = 1, description = "the value; quote it if it has spaces") String value,
			CommandContext context) {
		String usage = Arity.check(context, 2, 2,
				"set <key> <value>   (quote a value with spaces: " + "set greeting \"hello world\")");
		if (usage != null) {
			return usage;
		}
		return Replies.of(() -> {
			WriteResult result = this.engine.put(Replies.utf8(key), Replies.utf8(value));
			return (result.created() ? "stored " : "replaced ") + Replies.quoted(key) + " (version " + result.version()
					+ ")";
		});
	}

	@Command(name = "get", group = GROUP, description = "Print the value under a key: get <key>")
	String get(@Argument(index = 0, description = "the key") String key, CommandContext context) {
		String usage = Arity.check(context, 1, 1, "get <key>");
		if (usage != null) {
			return usage;
		}
		return Replies.of(() -> {
			Optional<VersionedValue> value = this.engine.get(Replies.utf8(key));
			return value.map((found) -> Replies.text(found.value())).orElseGet(() -> missing(key));
		});
	}

	@Command(name = "delete", group = GROUP, description = "Delete a key and its value: delete <key>")
	String delete(@Argument(index = 0, description = "the key") String key, CommandContext context) {
		String usage = Arity.check(context, 1, 1, "delete <key>");
		if (usage != null) {
			return usage;
		}
		return Replies
			.of(() -> this.engine.delete(Replies.utf8(key)) ? "deleted " + Replies.quoted(key) : missing(key));
	}

	@Command(name = "keys", group = GROUP,
			description = "List the keys, all or those starting with a prefix: keys [prefix]")
	String keys(
			@Argument(index = 0, description = "list only keys starting with this", defaultValue = "") String prefix,
			CommandContext context) {
		String usage = Arity.check(context, 0, 1, "keys [prefix]");
		if (usage != null) {
			return usage;
		}
		return Replies.of(() -> {
			StringBuilder lines = new StringBuilder();
			long count = 0;
			byte[] after = null;
			do {
				KeyPage page = this.engine.list(Replies.utf8(prefix), after, this.pageSize);
				for (byte[] key : page.keys()) {
					lines.append(new String(key, StandardCharsets.UTF_8)).append('\n');
					count++;
				}
				after = page.next();
			}
			while (after != null);
			String what = prefix.isEmpty() ? "" : " starting with " + Replies.quoted(prefix);
			return lines + "(" + count + ((count == 1) ? " key" : " keys") + what + ")";
		});
	}

	private static String missing(String key) {
		return "no value under key " + Replies.quoted(key);
	}

}
