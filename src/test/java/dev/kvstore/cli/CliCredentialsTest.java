package dev.kvstore.cli;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a service with accounts: HTTP Basic from the options or the environment, and a
 * refusal is a usage error (the caller must fix the credentials), not a server failure.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "kv.engine=memory", "kv.security.users[0].name=writer",
				"kv.security.users[0].password={noop}s3cret", "kv.security.users[0].role=READ_WRITE",
				"kv.security.users[1].name=reader", "kv.security.users[1].password={noop}look",
				"kv.security.users[1].role=READ_ONLY" })
class CliCredentialsTest {

	@LocalServerPort
	private int port;

	private String url() {
		return "http://localhost:" + this.port;
	}

	@Test
	void withoutCredentialsTheServiceRefuses() {
		CliRunner.Result run = CliRunner.at(url()).run("set", "k", "v");
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(run.stderr()).contains("Unauthorized").contains("401");
	}

	@Test
	void credentialsFromTheOptions() {
		CliRunner.Result set = CliRunner.at(url()).run("--user", "writer", "--password", "s3cret", "set", "k", "v");
		assertThat(set.exitCode()).as(set.toString()).isZero();
		CliRunner.Result wrong = CliRunner.at(url()).run("--user", "writer", "--password", "nope", "get", "k");
		assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void credentialsFromTheEnvironment() {
		Map<String, String> reader = Map.of("KVSTORE_URL", url(), "KVSTORE_USER", "reader", "KVSTORE_PASSWORD", "look");
		CliRunner.Result keys = CliRunner.withEnv(reader).run("keys");
		assertThat(keys.exitCode()).as(keys.toString()).isZero();
		CliRunner.Result write = CliRunner.withEnv(reader).run("delete", "k");
		assertThat(write.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(write.stderr()).contains("Forbidden").contains("403");
	}

}
