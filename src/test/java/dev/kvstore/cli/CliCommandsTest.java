package dev.kvstore.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every one-shot command against the real service on a random port, with the exit
 * statuses scripts rely on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "kv.engine=memory", "kv.max-value-bytes=" + CliCommandsTest.MAX_VALUE_BYTES })
class CliCommandsTest {

	static final int MAX_VALUE_BYTES = 1024;

	@LocalServerPort
	private int port;

	private CliRunner cli;

	@BeforeEach
	void connect() {
		this.cli = CliRunner.at("http://localhost:" + this.port);
	}

	@Test
	void setThenGetGivesTheValueWithNoNewlineAdded() {
		CliRunner.Result set = this.cli.run("set", "greeting", "hello, world");
		assertThat(set.exitCode()).as(set.toString()).isZero();
		assertThat(set.stdout()).isEqualTo("created greeting\n");
		CliRunner.Result get = this.cli.run("get", "greeting");
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(get.stdout()).isEqualTo("hello, world");
		assertThat(get.stderr()).isEmpty();
	}

	@Test
	void setAgainReplaces() {
		assertThat(this.cli.run("set", "twice", "one").exitCode()).isZero();
		CliRunner.Result again = this.cli.run("set", "twice", "two");
		assertThat(again.stdout()).isEqualTo("replaced twice\n");
		assertThat(this.cli.run("get", "twice").stdout()).isEqualTo("two");
	}

	@Test
	void getOfAMissingKeyExitsWithOneAndSaysWhyOnStderr() {
		CliRunner.Result get = this.cli.run("get", "never/set");
		assertThat(get.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(get.stdoutBytes()).isEmpty();
		assertThat(get.stderr()).contains("Key not found").contains("404");
	}

	@Test
	void deleteRemovesAndADeletedKeyIsNotFound() {
		this.cli.run("set", "doomed", "x");
		CliRunner.Result delete = this.cli.run("delete", "doomed");
		assertThat(delete.exitCode()).as(delete.toString()).isZero();
		assertThat(delete.stdout()).isEqualTo("deleted doomed\n");
		assertThat(this.cli.run("get", "doomed").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(this.cli.run("delete", "doomed").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
	}

	@ParameterizedTest
	@ValueSource(strings = { "--stdin", "-" })
	void everyByteValueGoesThroughStdinAndComesBackByteForByte(String stdinFlag) {
		byte[] all = new byte[256 * 2];
		for (int i = 0; i < all.length; i++) {
			all[i] = (byte) i;
		}
		String key = "binary/" + stdinFlag;
		CliRunner.Result set = this.cli.runWithInput(all, "set", key, stdinFlag);
		assertThat(set.exitCode()).as(set.toString()).isZero();
		CliRunner.Result get = this.cli.run("get", key);
		assertThat(get.exitCode()).isZero();
		assertThat(get.stdoutBytes()).isEqualTo(all);
	}

	@Test
	void setFromAFileAndGetIntoAFile(@TempDir Path dir) throws Exception {
		byte[] value = { 0, 10, 13, (byte) 0xFF, 'z' };
		Path in = Files.write(dir.resolve("in.bin"), value);
		assertThat(this.cli.run("set", "from/file", "--file", in.toString()).exitCode()).isZero();
		Path out = dir.resolve("out.bin");
		CliRunner.Result get = this.cli.run("get", "from/file", "--output", out.toString());
		assertThat(get.exitCode()).isZero();
		assertThat(get.stdoutBytes()).isEmpty();
		assertThat(Files.readAllBytes(out)).isEqualTo(value);
	}

	@Test
	void anEmptyValueIsAValue() {
		assertThat(this.cli.run("set", "empty", "").exitCode()).isZero();
		CliRunner.Result get = this.cli.run("get", "empty");
		assertThat(get.exitCode()).isZero();
		assertThat(get.stdoutBytes()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "dir/sub dir/a b", "ключ/é/日本", "odd %41?#&+=;,!'()*@$[]", "~tilde_-.x" })
	void keysWithSlashesSpacesAndNonAsciiCharactersArriveAsTyped(String key) {
		String value = "value of " + key;
		CliRunner.Result set = this.cli.run("set", key, value);
		assertThat(set.exitCode()).as(set.toString()).isZero();
		assertThat(this.cli.run("get", key).stdout()).isEqualTo(value);
		CliRunner.Result keys = this.cli.run("keys", key);
		assertThat(keys.stdout().lines()).containsExactly(key);
		assertThat(this.cli.run("delete", key).exitCode()).isZero();
	}

	@Test
	void keysPagesThroughEveryKeyWithThePrefix() {
		for (int i = 7; i >= 1; i--) {
			this.cli.run("set", "paged/" + i, "v");
		}
		this.cli.run("set", "pagedx", "not under paged/");
		CliRunner.Result keys = this.cli.run("keys", "paged/", "--page-size", "2");
		assertThat(keys.exitCode()).as(keys.toString()).isZero();
		assertThat(keys.stdout().lines()).containsExactly("paged/1", "paged/2", "paged/3", "paged/4", "paged/5",
				"paged/6", "paged/7");
		CliRunner.Result limited = this.cli.run("keys", "paged/", "--page-size", "2", "--limit", "3");
		assertThat(limited.stdout().lines()).containsExactly("paged/1", "paged/2", "paged/3");
	}

	@Test
	void keysWithNoPrefixListsEverythingAndStatsCountsIt() {
		this.cli.run("set", "counted", "v");
		List<String> all = this.cli.run("keys").stdout().lines().toList();
		assertThat(all).contains("counted");
		CliRunner.Result stats = this.cli.run("stats");
		assertThat(stats.exitCode()).as(stats.toString()).isZero();
		assertThat(stats.stdout()).contains("keys         " + all.size() + "\n")
			.contains("engine       memory\n")
			.contains("data files   0\n")
			.contains("reclaimable  0 bytes\n");
	}

	@Test
	void compactPrintsTheReport() {
		CliRunner.Result compact = this.cli.run("compact");
		assertThat(compact.exitCode()).as(compact.toString()).isZero();
		assertThat(compact.stdout()).startsWith("compacted the memory engine in ")
			.contains("data files")
			.contains("reclaimed")
			.contains("live keys")
			.doesNotContain("?");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a/../b", "./a", "tab\there" })
	void aKeyTheServiceRefusesIsAUsageError(String key) {
		CliRunner.Result set = this.cli.run("set", key, "v");
		assertThat(set.exitCode()).as(set.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(set.stderr()).contains("400");
	}

	@Test
	void aValueTooLargeIsAUsageError() {
		CliRunner.Result set = this.cli.runWithInput(new byte[MAX_VALUE_BYTES + 1], "set", "big", "--stdin");
		assertThat(set.exitCode()).as(set.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(set.stderr()).contains("Value too large").contains("413");
		assertThat(this.cli.run("get", "big").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
	}

	@Test
	void badUsageExitsWithTwo() {
		assertThat(this.cli.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.cli.run("get").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.cli.run("set", "k").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.cli.run("set", "k", "v", "--stdin").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.cli.run("get", "").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.cli.run("keys", "--page-size", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.cli.run("keys", "--page-size", "many").exitCode()).isEqualTo(ExitCodes.USAGE);
		CliRunner.Result missingFile = this.cli.run("set", "k", "--file", "/no/such/file");
		assertThat(missingFile.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(missingFile.stderr()).contains("/no/such/file");
		CliRunner.Result badUrl = CliRunner.at("ftp://localhost/").run("get", "k");
		assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(badUrl.stderr()).contains("ftp://localhost/");
	}

	@Test
	void theUrlComesFromTheEnvironmentWhenNotGiven() {
		this.cli.run("set", "by/env", "found");
		CliRunner.Result get = CliRunner.withEnv(Map.of("KVSTORE_URL", "http://localhost:" + this.port + "/"))
			.run("get", "by/env");
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(new String(get.stdoutBytes(), StandardCharsets.UTF_8)).isEqualTo("found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "set", "get", "delete", "keys", "compact", "stats" })
	void everyCommandHasHelp(String command) {
		CliRunner.Result help = this.cli.run(command, "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.stdout()).startsWith("Usage: kvstore-cli " + command).contains("--help");
	}

	@Test
	void helpAndVersion() {
		CliRunner.Result help = this.cli.run("--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.stdout()).contains("--url").contains("Exit status:").contains("KVSTORE_URL");
		CliRunner.Result version = this.cli.run("--version");
		assertThat(version.exitCode()).isZero();
		assertThat(version.stdout()).startsWith("kvstore-cli ");
	}

}
