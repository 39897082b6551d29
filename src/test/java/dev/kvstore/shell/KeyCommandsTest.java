package dev.kvstore.shell;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.memory.MemoryKV;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the REPL session cannot easily show: a listing that takes several pages, a storage
 * error, and a value that is not UTF-8 text.
 */
class KeyCommandsTest {

	private final MemoryKV memory = new MemoryKV(new EngineLimits(64, 64));

	@Test
	void keysPagesThroughTheWholeListing() {
		for (String key : new String[] { "a", "b1", "b2", "b3", "b4", "b5", "c" }) {
			this.memory.put(ReplSessionTest.utf8(key), ReplSessionTest.utf8("v"));
		}
		KeyCommands commands = new KeyCommands(this.memory, 2);
		assertThat(commands.keys("", context("keys")).lines()).containsExactly("a", "b1", "b2", "b3", "b4", "b5", "c",
				"(7 keys)");
		assertThat(commands.keys("b", context("keys", "b")).lines()).containsExactly("b1", "b2", "b3", "b4", "b5",
				"(5 keys starting with 'b')");
	}

	@Test
	void aStorageErrorIsOneLine() {
		StorageEngine failing = (StorageEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { StorageEngine.class }, (proxy, method, args) -> {
					throw new StorageException("disk on fire");
				});
		KeyCommands keys = new KeyCommands(failing);
		MaintenanceCommands maintenance = new MaintenanceCommands(failing);
		assertThat(keys.set("k", "v", context("set", "k", "v"))).isEqualTo("storage error: disk on fire");
		assertThat(keys.get("k", context("get", "k"))).isEqualTo("storage error: disk on fire");
		assertThat(keys.delete("k", context("delete", "k"))).isEqualTo("storage error: disk on fire");
		assertThat(keys.keys("", context("keys"))).isEqualTo("storage error: disk on fire");
		assertThat(maintenance.compact(context("compact"))).isEqualTo("storage error: disk on fire");
	}

	@Test
	void aValueThatIsNotTextIsDescribed() {
		this.memory.put(ReplSessionTest.utf8("bin"), new byte[] { (byte) 0xC3, 0x28 });
		this.memory.put(ReplSessionTest.utf8("empty"), new byte[0]);
		KeyCommands commands = new KeyCommands(this.memory);
		assertThat(commands.get("bin", context("get", "bin"))).isEqualTo("(2 bytes that are not UTF-8 text)");
		assertThat(commands.get("empty", context("get", "empty"))).isEqualTo("(empty value)");
	}

	@Test
	void aMissingArgumentGetsTheUsage() {
		KeyCommands commands = new KeyCommands(this.memory);
		assertThat(commands.get("", context("get"))).isEqualTo("usage: get <key>");
		assertThat(commands.set("k", "", context("set", "k"))).startsWith("usage: set <key> <value>");
	}

	private static CommandContext context(String command, String... arguments) {
		ParsedInput.Builder input = ParsedInput.builder().commandName(command);
		for (int i = 0; i < arguments.length; i++) {
			input.addArgument(new CommandArgument(i, arguments[i]));
		}
		return new CommandContext(input.build(), new CommandRegistry(), null, null);
	}

}
