package dev.kvstore.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With nothing listening, every command says how to start the service and exits with 3;
 * the menu says the same and carries on.
 */
class CliUnreachableTest {

	private static String url;

	@BeforeAll
	static void aPortNobodyListensOn() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			url = "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

	private static String expectedMessage() {
		return "kvstore is not reachable at " + url
				+ ": start it with ./mvnw spring-boot:run or java -jar target/kvstore.jar";
	}

	@Test
	void oneShotCommandsExitWithThree() {
		for (String[] args : new String[][] { { "get", "k" }, { "set", "k", "v" }, { "delete", "k" }, { "keys" },
				{ "compact" }, { "stats" } }) {
			CliRunner.Result run = CliRunner.at(url).run(args);
			assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
			assertThat(run.stderr()).isEqualTo(expectedMessage() + "\n");
			assertThat(run.stdoutBytes()).isEmpty();
		}
	}

	@Test
	void theUrlFromTheEnvironmentIsTheOneNamed() {
		CliRunner.Result run = CliRunner.withEnv(Map.of("KVSTORE_URL", url)).run("get", "k");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
		assertThat(run.stderr()).contains(expectedMessage());
	}

	@Test
	void theMenuReportsItAndCarriesOn() {
		CliRunner.Result run = CliRunner.at(url).runWithInput("6\n2\nk\n0\n", new String[0]);
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.stderr().lines().filter(expectedMessage()::equals)).hasSize(2);
		assertThat(run.stdout()).endsWith("bye\n");
	}

}
