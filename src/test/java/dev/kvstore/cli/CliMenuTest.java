package dev.kvstore.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbered menu, driven through standard input against the real service: it does what
 * is chosen, reports errors and carries on, and ends on 0 or at the end of input.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "kv.engine=memory", "kv.max-value-bytes=" + CliCommandsTest.MAX_VALUE_BYTES })
class CliMenuTest {

	@LocalServerPort
	private int port;

	private CliRunner cli;

	@BeforeEach
	void connect() {
		this.cli = CliRunner.at("http://localhost:" + this.port);
	}

	@Test
	void setGetListABadKeyThenDeleteAndExit() {
		String input = String.join("\n", "1", "menu/a b", "hello there", // set
				"2", "menu/a b", // get
				"4", "menu/", // list
				"1", "menu/bad\tkey", "refused", // a bad key: an error, and the menu goes
													// on
				"3", "menu/a b", // delete
				"2", "menu/a b", // get: not found now
				"9", // no such choice
				"6", // stats
				"0", "1", "never/read", "never") + "\n";
		CliRunner.Result run = this.cli.runWithInput(input, new String[0]);
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stdout()).startsWith("kvstore at http://localhost:" + this.port)
			.contains("1 set  2 get  3 delete  4 list keys  5 compact  6 stats  0 exit")
			.contains("created menu/a b\n")
			.contains("key> hello there\n")
			.contains("prefix (empty for all)> menu/a b\n(1 key)\n")
			.contains("deleted menu/a b\n")
			.contains("keys     ")
			.endsWith("bye\n")
			.doesNotContain("never");
		assertThat(run.stderr()).contains("Invalid key")
			.contains("Key not found")
			.contains("no such choice: 9")
			.doesNotContain("Exception");
		assertThat(this.cli.run("get", "menu/a b").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
	}

	@Test
	void compactFromTheMenu() {
		CliRunner.Result run = this.cli.runWithInput("5\n0\n", new String[0]);
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stdout()).contains("compacted the memory engine").contains("live keys");
		assertThat(run.stderr()).isEmpty();
	}

	@Test
	void theEndOfInputEndsTheMenuWithoutDoingHalfAChoice() {
		CliRunner.Result run = this.cli.runWithInput("1\nhalf/done\n", new String[0]);
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stdout()).endsWith("bye\n");
		assertThat(this.cli.run("get", "half/done").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
	}

}
