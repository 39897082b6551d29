package dev.kvstore.web;

import java.nio.charset.StandardCharsets;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the web tests share: the properties of the cached test contexts, key URLs, and the
 * checks every error answer must pass.
 */
public final class WebTestSupport {

	/** A value limit small enough that limit tests are cheap. */
	public static final String MAX_VALUE = "kv.max-value-bytes=64KB";

	/** {@link #MAX_VALUE} in bytes. */
	public static final int MAX_VALUE_BYTES = 64 * 1024;

	/** The log-structured engine. */
	public static final String LOG = "kv.engine=log";

	/** The file-per-key engine. */
	public static final String FILE = "kv.engine=file";

	/** The in-memory engine. */
	public static final String MEMORY = "kv.engine=memory";

	private WebTestSupport() {
	}

	/**
	 * The path of a key's resource: every UTF-8 byte of the key percent-encoded except
	 * unreserved characters and {@code /}. Send it with URL encoding disabled.
	 */
	public static String keyPath(String key) {
		return keyPath(key.getBytes(StandardCharsets.UTF_8));
	}

	/** {@link #keyPath(String)} of raw key bytes. */
	public static String keyPath(byte[] key) {
		StringBuilder path = new StringBuilder("/keys/");
		for (byte b : key) {
			int c = b & 0xFF;
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '/';
			if (plain) {
				path.append((char) c);
			}
			else {
				path.append(String.format("%%%02X", c));
			}
		}
		return path.toString();
	}

	/**
	 * Checks an error answer: the status, {@code application/problem+json} with
	 * {@code type}, {@code title}, {@code status} and {@code detail}, and nothing from
	 * inside the server (no stack trace, no exception name, no path of the data
	 * directory).
	 * @return the problem document
	 */
	public static JsonPath assertProblem(Response response, int status, String dataDir) {
		String body = response.asString();
		assertThat(response.statusCode()).as("status of %s", body).isEqualTo(status);
		assertThat(response.contentType()).as("content type of %s", body).startsWith("application/problem+json");
		assertProblemBody(body, status, dataDir);
		return JsonPath.from(body);
	}

	/** The body checks of {@link #assertProblem}, for answers read some other way. */
	public static void assertProblemBody(String body, int status, String dataDir) {
		JsonPath problem = JsonPath.from(body);
		assertThat(problem.getString("type")).as("type of %s", body).isNotBlank();
		assertThat(problem.getString("title")).as("title of %s", body).isNotBlank();
		assertThat(problem.getInt("status")).as("status of %s", body).isEqualTo(status);
		assertThat(problem.getString("detail")).as("detail of %s", body).isNotBlank();
		assertThat(body).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("\tat ");
		if (dataDir != null) {
			assertThat(body).doesNotContain(dataDir);
		}
	}

}
