package dev.kvstore.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One REPL session on the log engine, driven through its prompt as a child process: every
 * command, the errors the shell must survive, {@code exit}, and the data still there when
 * the engine is opened again. The session runs once; each test checks one part of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplSessionTest {

	private static final String TOO_LARGE = "x".repeat(65);

	/**
	 * Each line unique but one ({@code delete other}, twice), so that a test can find the
	 * reply to it.
	 */
	private static final List<String> SCRIPT = List.of("help", "set greeting \"hello world\"", "get greeting",
			"get nobody", "get a/../b", "set big " + TOO_LARGE, "set user/1 ann", "set user/2 bob", "set other 1",
			"keys", "keys user/", "delete other", "delete other", "get other", "set user/2 bobby", "compact", "stats",
			"set too many words", "exit");

	private Path dataDir;

	private ReplProcess.Run run;

	@BeforeAll
	void runSession(@TempDir Path temp) throws Exception {
		this.dataDir = temp.resolve("data");
		this.run = ReplProcess.run(this.dataDir, SCRIPT, "kv.max-value-bytes=64");
	}

	private String replyTo(String line) {
		int index = SCRIPT.indexOf(line);
		assertThat(index).as("script line %s", line).isNotNegative();
		return this.run.reply(index + 1);
	}

	@Test
	void greetsWithTheEngineAndItsDirectory() {
		assertThat(this.run.reply(0)).as(this.run.toString())
			.contains("the log engine, data in " + this.dataDir.resolve("log").toAbsolutePath())
			.contains("sync always");
	}

	@Test
	void helpListsTheCommands() {
		assertThat(replyTo("help")).as(this.run.toString())
			.contains("\tset: ", "\tget: ", "\tdelete: ", "\tkeys: ", "\tcompact: ", "\tstats: ", "\thelp: ",
					"quit, exit: ");
	}

	@Test
	void setStoresAQuotedValueWithSpaces() {
		assertThat(replyTo("set greeting \"hello world\"")).isEqualTo("stored 'greeting' (version 1)");
		assertThat(replyTo("get greeting")).isEqualTo("hello world");
	}

	@Test
	void aMissingKeyIsSaidSo() {
		assertThat(replyTo("get nobody")).isEqualTo("no value under key 'nobody'");
	}

	@Test
	void aBadKeyIsExplainedAndTheShellGoesOn() {
		assertThat(replyTo("get a/../b")).isEqualTo("invalid key: key must not have a '.' or '..' segment");
		assertThat(replyTo("set user/1 ann")).startsWith("stored 'user/1'");
	}

	@Test
	void aValueTooLargeIsExplained() {
		assertThat(replyTo("set big " + TOO_LARGE))
			.isEqualTo("value too large: value is 65 bytes long, the limit is 64");
	}

	@Test
	void keysListsEveryKeyInOrder() {
		assertThat(replyTo("keys").lines()).containsExactly("greeting", "other", "user/1", "user/2", "(4 keys)");
	}

	@Test
	void keysWithAPrefixListsOnlyThose() {
		assertThat(replyTo("keys user/").lines()).containsExactly("user/1", "user/2", "(2 keys starting with 'user/')");
	}

	@Test
	void deleteRemovesTheKeyOnce() {
		int first = SCRIPT.indexOf("delete other") + 1;
		assertThat(this.run.reply(first)).isEqualTo("deleted 'other'");
		assertThat(this.run.reply(first + 1)).isEqualTo("no value under key 'other'");
		assertThat(replyTo("get other")).isEqualTo("no value under key 'other'");
	}

	@Test
	void compactReportsWhatItDid() {
		assertThat(replyTo("compact")).startsWith("compacted the log engine in ")
			.containsPattern("data files \\d+ -> \\d+")
			.contains("live keys  3");
	}

	@Test
	void statsShowsTheEngineStatistics() {
		assertThat(replyTo("stats").lines()).contains("engine           log", "keys             3")
			.anyMatch((line) -> line.startsWith("disk             "))
			.anyMatch((line) -> line.startsWith("reclaimable      "));
	}

	@Test
	void extraWordsGetTheUsage() {
		assertThat(replyTo("set too many words")).startsWith("usage: set <key> <value>");
	}

	@Test
	void exitEndsTheProcessWithStatusZero() {
		assertThat(replyTo("exit")).isEqualTo("Exiting the shell");
		assertThat(this.run.exitCode()).as(this.run.toString()).isZero();
		assertThat(this.run.errors()).doesNotContain("Exception");
	}

	@Test
	void theDataIsThereWhenTheEngineIsOpenedAgain() {
		try (LogStructuredKV engine = LogStructuredKV.open(LogOptions.defaults(this.dataDir.resolve("log")))) {
			assertThat(engine.get(utf8("greeting"))).hasValueSatisfying(
					(value) -> assertThat(new String(value.value(), StandardCharsets.UTF_8)).isEqualTo("hello world"));
			assertThat(engine.get(utf8("user/2"))).hasValueSatisfying(
					(value) -> assertThat(new String(value.value(), StandardCharsets.UTF_8)).isEqualTo("bobby"));
			assertThat(engine.get(utf8("other"))).isEmpty();
			assertThat(engine.get(utf8("big"))).isEmpty();
		}
	}

	@Test
	void historyIsKeptInTheDataDirectory() throws Exception {
		Path history = this.dataDir.resolve("repl-history");
		assertThat(history).exists();
		assertThat(Files.readString(history)).contains("set greeting \"hello world\"");
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
