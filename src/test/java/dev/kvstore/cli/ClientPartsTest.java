package dev.kvstore.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The CLI's small parts on their own: URL encoding, JSON reading, status mapping. */
class ClientPartsTest {

	@Test
	void keysArePercentEncodedPerUtf8ByteExceptUnreservedAndSlash() {
		assertThat(KeyUrls.keyPath("users/42/name")).isEqualTo("/keys/users/42/name");
		assertThat(KeyUrls.keyPath("a b%é")).isEqualTo("/keys/a%20b%25%C3%A9");
		assertThat(KeyUrls.keyPath("A-z_0.9~?#")).isEqualTo("/keys/A-z_0.9~%3F%23");
		assertThat(KeyUrls.queryValue("p/q r")).isEqualTo("p%2Fq%20r");
	}

	@Test
	void jsonOfTheServicesAnswers() {
		Object page = Json.parse("{\"keys\":[\"a\",\"b\\\"\\u00e9\\n\"],\"next\":null}");
		assertThat(page).isInstanceOf(Map.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) page;
		assertThat(map.get("keys")).isEqualTo(List.of("a", "b\"é\n"));
		assertThat(map).containsEntry("next", null);
		Object report = Json.parse(" { \"engine\" : \"log\", \"liveKeys\": 12, \"ok\": true, \"e\": [] , \"o\": {} } ");
		assertThat(report.toString()).isEqualTo("{engine=log, liveKeys=12, ok=true, e=[], o={}}");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{\"a\":"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("<html>"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{} x"));
	}

	@Test
	void statusesMapToTheDocumentedExitCodes() {
		assertThat(ServiceErrors.exitCode(404)).isEqualTo(ExitCodes.NOT_FOUND);
		for (int status : new int[] { 400, 401, 403, 405, 412, 413, 415 }) {
			assertThat(ServiceErrors.exitCode(status)).as("HTTP %d", status).isEqualTo(ExitCodes.USAGE);
		}
		for (int status : new int[] { 302, 408, 409, 429, 500, 503, 507 }) {
			assertThat(ServiceErrors.exitCode(status)).as("HTTP %d", status).isEqualTo(ExitCodes.UNAVAILABLE);
		}
	}

	@Test
	void aProblemDetailBecomesTheMessage() {
		byte[] problem = "{\"type\":\"urn:kvstore:problem:precondition-failed\",\"title\":\"Precondition failed\",\"status\":412,\"detail\":\"the key's current version is 2\"}"
			.getBytes(StandardCharsets.UTF_8);
		CliFailure failure = ServiceErrors.failure(412, problem, true);
		assertThat(failure.getMessage()).isEqualTo("Precondition failed: the key's current version is 2 (HTTP 412)");
		assertThat(failure.exitCode()).isEqualTo(ExitCodes.USAGE);
		CliFailure notKvstore = ServiceErrors.failure(404, "<html>".getBytes(StandardCharsets.UTF_8), false);
		assertThat(notKvstore.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
		assertThat(notKvstore.getMessage()).contains("HTTP 404").contains("kvstore service");
	}

}
