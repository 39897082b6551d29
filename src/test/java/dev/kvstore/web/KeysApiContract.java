package dev.kvstore.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kvstore.config.KvProperties;

import static dev.kvstore.web.WebTestSupport.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the HTTP API table of CONTRACT.md §3, headers and bodies included, against
 * a running service on a random port. Each engine runs it through a subclass: the API
 * must behave the same whatever stores the values.
 */
abstract class KeysApiContract {

	private static final String OCTETS = "application/octet-stream";

	@LocalServerPort
	int port;

	@Autowired
	KvProperties properties;

	/** A key prefix of this test alone, so tests sharing a store never meet. */
	String base;

	String dataDir;

	/** The engine's name as {@code POST /compact} reports it. */
	abstract String engineName();

	@BeforeEach
	void isolate(TestInfo info) {
		this.base = "t-" + info.getTestMethod().orElseThrow().getName() + "/";
		this.dataDir = this.properties.dataDir().toAbsolutePath().normalize().toString();
	}

	RequestSpecification request() {
		return RestAssured.given().port(this.port).urlEncodingEnabled(false);
	}

	Response put(String key, byte[] value, String... headers) {
		RequestSpecification request = request().contentType(OCTETS).body(value);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.put(keyPath(key));
	}

	Response put(String key, String value, String... headers) {
		return put(key, value.getBytes(StandardCharsets.UTF_8), headers);
	}

	Response get(String key, String... headers) {
		RequestSpecification request = request();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.get(keyPath(key));
	}

	Response delete(String key, String... headers) {
		RequestSpecification request = request();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.delete(keyPath(key));
	}

	JsonPath problem(Response response, int status) {
		return WebTestSupport.assertProblem(response, status, this.dataDir);
	}

	static String strongETag(Response response) {
		String etag = response.header("ETag");
		assertThat(etag).as("ETag").isNotNull().startsWith("\"").endsWith("\"").doesNotStartWith("W/");
		assertThat(etag.length()).isGreaterThan(2);
		return etag;
	}

	void assertStored(String key, byte[] value) {
		Response response = get(key);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.asByteArray()).isEqualTo(value);
	}

	// PUT

	@Test
	void putOfNewKeyAnswers201WithLocationAndETag() {
		String key = this.base + "users/42/name";
		Response response = put(key, "Ada");
		assertThat(response.statusCode()).isEqualTo(201);
		strongETag(response);
		assertThat(response.header("Location")).endsWith("/keys/" + key);
		assertThat(response.asByteArray()).isEmpty();
		assertStored(key, "Ada".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void locationOfNewKeyLeadsBackToTheValue() {
		String key = this.base + "ключ/é x";
		Response response = put(key, "v");
		assertThat(response.statusCode()).isEqualTo(201);
		String location = response.header("Location");
		String path = location.replaceFirst("^https?://[^/]+", "");
		Response read = request().get(path);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.asString()).isEqualTo("v");
	}

	@Test
	void putOverExistingKeyAnswers204WithNewETagAndNoLocation() {
		String key = this.base + "k";
		String first = strongETag(put(key, "one"));
		Response response = put(key, "two");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.header("Location")).isNull();
		assertThat(strongETag(response)).isNotEqualTo(first);
		assertStored(key, "two".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void writingTheSameBytesAgainChangesTheETag() {
		String key = this.base + "k";
		String first = strongETag(put(key, "same"));
		String second = strongETag(put(key, "same"));
		String third = strongETag(put(key, "same"));
		assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
		assertThat(get(key).header("ETag")).isEqualTo(third);
	}

	@Test
	void getAnswersTheETagOfTheLastWrite() {
		String key = this.base + "k";
		String etag = strongETag(put(key, "v"));
		assertThat(get(key).header("ETag")).isEqualTo(etag);
	}

	@Test
	void putWithIfNoneMatchStarCreatesWhenAbsent() {
		String key = this.base + "k";
		Response response = put(key, "first", "If-None-Match", "*");
		assertThat(response.statusCode()).isEqualTo(201);
		strongETag(response);
		assertStored(key, "first".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void putWithIfNoneMatchStarOnExistingKeyAnswers412AndKeepsTheValue() {
		String key = this.base + "k";
		String etag = strongETag(put(key, "first", "If-None-Match", "*"));
		problem(put(key, "second", "If-None-Match", "*"), 412);
		assertStored(key, "first".getBytes(StandardCharsets.UTF_8));
		assertThat(get(key).header("ETag")).isEqualTo(etag);
	}

	@Test
	void putWithIfMatchOfCurrentETagReplaces() {
		String key = this.base + "k";
		String etag = strongETag(put(key, "one"));
		Response response = put(key, "two", "If-Match", etag);
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(strongETag(response)).isNotEqualTo(etag);
		assertStored(key, "two".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void putWithIfMatchOfStaleETagAnswers412AndKeepsTheValue() {
		String key = this.base + "k";
		String stale = strongETag(put(key, "one"));
		String current = strongETag(put(key, "two"));
		problem(put(key, "three", "If-Match", stale), 412);
		assertStored(key, "two".getBytes(StandardCharsets.UTF_8));
		assertThat(get(key).header("ETag")).isEqualTo(current);
	}

	@Test
	void putWithIfMatchOnAbsentKeyAnswers412AndCreatesNothing() {
		String key = this.base + "k";
		problem(put(key, "v", "If-Match", "\"1\""), 412);
		problem(get(key), 404);
	}

	@Test
	void putWithIfMatchStarReplacesAnExistingValue() {
		String key = this.base + "k";
		put(key, "one");
		Response response = put(key, "two", "If-Match", "*");
		assertThat(response.statusCode()).isEqualTo(204);
		assertStored(key, "two".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void putWithIfMatchStarOnAbsentKeyAnswers412() {
		String key = this.base + "k";
		problem(put(key, "v", "If-Match", "*"), 412);
		problem(get(key), 404);
	}

	@Test
	void putWithIfNoneMatchOtherThanStarAnswers400() {
		String key = this.base + "k";
		problem(put(key, "v", "If-None-Match", "\"1\""), 400);
		problem(get(key), 404);
	}

	@Test
	void putWithInvalidKeyAnswers400() {
		problem(request().contentType(OCTETS).body(new byte[] { 1 }).put("/keys/" + this.base + "%01"), 400);
	}

	// Values

	@Test
	void everyByteValueRoundTripsByteForByte() {
		String key = this.base + "bytes";
		byte[] value = new byte[512];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		assertThat(put(key, value).statusCode()).isEqualTo(201);
		Response response = get(key);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.header("Content-Length")).isEqualTo("512");
		assertThat(response.asByteArray()).isEqualTo(value);
	}

	@Test
	void emptyValueIsStoredAndReadBackAsAValue() {
		String key = this.base + "empty";
		Response created = put(key, new byte[0]);
		assertThat(created.statusCode()).isEqualTo(201);
		strongETag(created);
		Response response = get(key);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.header("Content-Length")).isEqualTo("0");
		assertThat(response.contentType()).startsWith(OCTETS);
		assertThat(response.asByteArray()).isEmpty();
		assertThat(request().head(keyPath(key)).statusCode()).isEqualTo(200);
	}

	@Test
	void valueOfExactlyTheLimitIsStored() {
		int max = (int) this.properties.maxValueBytes().toBytes();
		byte[] value = new byte[max];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) (i * 31 + 7);
		}
		String key = this.base + "max";
		assertThat(put(key, value).statusCode()).isEqualTo(201);
		Response response = get(key);
		assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(max));
		assertThat(response.asByteArray()).isEqualTo(value);
	}

	@Test
	void valueOneByteOverTheLimitAnswers413AndStoresNothing() {
		int max = (int) this.properties.maxValueBytes().toBytes();
		String key = this.base + "over";
		problem(put(key, new byte[max + 1]), 413);
		problem(get(key), 404);
	}

	// Keys

	@Test
	void keyWithSlashesIsOneKey() {
		String key = this.base + "users/42/name";
		put(key, "v");
		assertStored(key, "v".getBytes(StandardCharsets.UTF_8));
		problem(get(this.base + "users/42"), 404);
		assertThat(listKeys(this.base, 10)).containsExactly(key);
	}

	@Test
	void keyWithSpacesIsStored() {
		String key = this.base + "a key with spaces";
		Response response = request().contentType(OCTETS)
			.body(new byte[] { 'v' })
			.put("/keys/" + this.base + "a%20key%20with%20spaces");
		assertThat(response.statusCode()).isEqualTo(201);
		assertStored(key, "v".getBytes(StandardCharsets.UTF_8));
		assertThat(listKeys(this.base, 10)).containsExactly(key);
	}

	@Test
	void nonAsciiKeyIsStoredAsUtf8() {
		String key = this.base + "ключ/é";
		Response response = request().contentType(OCTETS)
			.body(new byte[] { 'v' })
			.put("/keys/" + this.base + "%D0%BA%D0%BB%D1%8E%D1%87/%C3%A9");
		assertThat(response.statusCode()).isEqualTo(201);
		assertStored(key, "v".getBytes(StandardCharsets.UTF_8));
		assertThat(listKeys(this.base, 10)).containsExactly(key);
	}

	@Test
	void keyOfExactlyMaxKeyBytesIsStored() {
		int max = this.properties.maxKeyBytes();
		String key = this.base + "x".repeat(max - this.base.length());
		assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(max);
		assertThat(put(key, "v").statusCode()).isEqualTo(201);
		assertStored(key, "v".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void keyOneByteOverMaxKeyBytesAnswers400() {
		int max = this.properties.maxKeyBytes();
		String key = this.base + "x".repeat(max + 1 - this.base.length());
		problem(put(key, "v"), 400);
		problem(get(key), 400);
		assertThat(listKeys(this.base, 10)).isEmpty();
	}

	// GET and HEAD

	@Test
	void getAnswersTheValueWithItsHeaders() {
		String key = this.base + "k";
		byte[] value = "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
		String etag = strongETag(put(key, value));
		Response response = get(key);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo(OCTETS);
		assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(value.length));
		assertThat(response.header("ETag")).isEqualTo(etag);
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.asByteArray()).isEqualTo(value);
	}

	@Test
	void getOfAbsentKeyAnswers404() {
		problem(get(this.base + "nothing"), 404);
	}

	@Test
	void getWithMatchingIfNoneMatchAnswers304WithETagAndNoBody() {
		String key = this.base + "k";
		String etag = strongETag(put(key, "value"));
		Response response = get(key, "If-None-Match", etag);
		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.header("ETag")).isEqualTo(etag);
		assertThat(response.asByteArray()).isEmpty();
	}

	@Test
	void getWithStaleIfNoneMatchAnswers200() {
		String key = this.base + "k";
		String stale = strongETag(put(key, "one"));
		put(key, "two");
		Response response = get(key, "If-None-Match", stale);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.asString()).isEqualTo("two");
	}

	@Test
	void headAnswersTheHeadersOfGetWithoutBody() {
		String key = this.base + "k";
		byte[] value = "twelve bytes".getBytes(StandardCharsets.UTF_8);
		String etag = strongETag(put(key, value));
		Response response = request().head(keyPath(key));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.header("ETag")).isEqualTo(etag);
		assertThat(response.contentType()).isEqualTo(OCTETS);
		assertThat(response.header("Content-Length")).isEqualTo("12");
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.asByteArray()).isEmpty();
	}

	@Test
	void headOfAbsentKeyAnswers404() {
		Response response = request().head(keyPath(this.base + "nothing"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.asByteArray()).isEmpty();
	}

	// DELETE

	@Test
	void deleteAnswers204AndTheKeyIsGone() {
		String key = this.base + "k";
		put(key, "v");
		Response response = delete(key);
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.asByteArray()).isEmpty();
		problem(get(key), 404);
		assertThat(listKeys(this.base, 10)).isEmpty();
	}

	@Test
	void deleteOfAbsentKeyAnswers404() {
		problem(delete(this.base + "nothing"), 404);
	}

	@Test
	void deleteWithIfMatchOfCurrentETagDeletes() {
		String key = this.base + "k";
		String etag = strongETag(put(key, "v"));
		assertThat(delete(key, "If-Match", etag).statusCode()).isEqualTo(204);
		problem(get(key), 404);
	}

	@Test
	void deleteWithIfMatchOfStaleETagAnswers412AndKeepsTheValue() {
		String key = this.base + "k";
		String stale = strongETag(put(key, "one"));
		put(key, "two");
		problem(delete(key, "If-Match", stale), 412);
		assertStored(key, "two".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void deleteWithIfMatchOnAbsentKeyAnswers412() {
		problem(delete(this.base + "nothing", "If-Match", "\"1\""), 412);
	}

	@Test
	void rewriteAfterDeleteCreatesAgainWithANewETag() {
		String key = this.base + "k";
		String first = strongETag(put(key, "v"));
		delete(key);
		Response response = put(key, "v");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(strongETag(response)).isNotEqualTo(first);
	}

	// GET /keys

	List<String> listKeys(String prefix, int limit) {
		Response response = request().queryParam("prefix", encode(prefix)).queryParam("limit", limit).get("/keys");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.jsonPath().getList("keys", String.class);
	}

	static String encode(String text) {
		return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Test
	void listReturnsOnlyKeysWithThePrefixAsJson() {
		put(this.base + "a/1", "v");
		put(this.base + "a/2", "v");
		put(this.base + "b/1", "v");
		Response response = request().queryParam("prefix", encode(this.base + "a/")).get("/keys");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.jsonPath().getList("keys", String.class)).containsExactly(this.base + "a/1",
				this.base + "a/2");
		assertThat(response.jsonPath().getMap("$")).containsKey("next");
		assertThat(response.jsonPath().getString("next")).isNull();
	}

	@Test
	void listWithUnknownPrefixIsEmpty() {
		Response response = request().queryParam("prefix", encode(this.base + "none/")).get("/keys");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.jsonPath().getList("keys")).isEmpty();
		assertThat(response.jsonPath().getString("next")).isNull();
	}

	@Test
	void listHonoursTheLimitAndGivesACursor() {
		for (int i = 0; i < 5; i++) {
			put(this.base + i, "v");
		}
		Response response = request().queryParam("prefix", encode(this.base)).queryParam("limit", 2).get("/keys");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.jsonPath().getList("keys", String.class)).containsExactly(this.base + "0", this.base + "1");
		assertThat(response.jsonPath().getString("next")).isNotBlank();
	}

	@Test
	void listDefaultsTo100Keys() {
		for (int i = 0; i < 101; i++) {
			put(this.base + String.format("%03d", i), new byte[0]);
		}
		Response response = request().queryParam("prefix", encode(this.base)).get("/keys");
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> keys = response.jsonPath().getList("keys", String.class);
		assertThat(keys).hasSize(100).startsWith(this.base + "000").endsWith(this.base + "099");
		assertThat(response.jsonPath().getString("next")).isNotBlank();
	}

	@Test
	void listAcceptsLimitsFrom1To1000() {
		put(this.base + "a", "v");
		put(this.base + "b", "v");
		for (int limit : new int[] { 1, 1000 }) {
			Response response = request().queryParam("prefix", encode(this.base))
				.queryParam("limit", limit)
				.get("/keys");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.jsonPath().getList("keys")).hasSize(Math.min(limit, 2));
		}
	}

	@Test
	void cursorPagesThroughEveryKeyExactlyOnce() {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			String key = this.base + String.format("k%02d", i);
			put(key, "v");
			expected.add(key);
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			RequestSpecification request = request().queryParam("prefix", encode(this.base)).queryParam("limit", 5);
			if (cursor != null) {
				request.queryParam("cursor", encode(cursor));
			}
			Response response = request.get("/keys");
			assertThat(response.statusCode()).isEqualTo(200);
			List<String> keys = response.jsonPath().getList("keys", String.class);
			assertThat(keys).hasSizeLessThanOrEqualTo(5);
			seen.addAll(keys);
			cursor = response.jsonPath().getString("next");
			pages++;
			assertThat(pages).as("pages").isLessThanOrEqualTo(6);
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(expected);
	}

	@Test
	void cursorIsStableWhenKeysChangeBetweenPages() {
		put(this.base + "a", "v");
		put(this.base + "b", "v");
		put(this.base + "d", "v");
		Response first = request().queryParam("prefix", encode(this.base)).queryParam("limit", 2).get("/keys");
		String next = first.jsonPath().getString("next");
		put(this.base + "c", "v");
		delete(this.base + "a");
		Response second = request().queryParam("prefix", encode(this.base))
			.queryParam("limit", 2)
			.queryParam("cursor", encode(next))
			.get("/keys");
		assertThat(second.jsonPath().getList("keys", String.class)).containsExactly(this.base + "c", this.base + "d");
	}

	@Test
	void listIsInUtf8ByteOrderWithNonAsciiAfterAscii() {
		// In UTF-16 order the emoji (a surrogate pair) would sort before U+FFFD and
		// U+FF21; in UTF-8 byte order it comes last.
		List<String> keys = List.of("~", "Z", "a", "é", "ключ", "\uFF21", "\uFFFD", "😀", "0", "A");
		for (String key : keys) {
			put(this.base + key, "v");
		}
		List<String> expected = keys.stream()
			.map((key) -> this.base + key)
			.sorted((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
					y.getBytes(StandardCharsets.UTF_8)))
			.toList();
		assertThat(expected).endsWith(this.base + "😀");
		assertThat(listKeys(this.base, 100)).containsExactlyElementsOf(expected);
	}

	@Test
	void listWithNonAsciiPrefix() {
		put(this.base + "ключ/1", "v");
		put(this.base + "ключ/2", "v");
		put(this.base + "клю", "v");
		assertThat(listKeys(this.base + "ключ/", 10)).containsExactly(this.base + "ключ/1", this.base + "ключ/2");
	}

	@Test
	void listWithLimit0Answers400() {
		problem(request().queryParam("limit", 0).get("/keys"), 400);
	}

	@Test
	void listWithLimit1001Answers400() {
		problem(request().queryParam("limit", 1001).get("/keys"), 400);
	}

	@Test
	void listWithNonNumericLimitAnswers400() {
		problem(request().queryParam("limit", "abc").get("/keys"), 400);
	}

	@Test
	void listWithMalformedCursorAnswers400() {
		problem(request().queryParam("cursor", "%25%25%25").get("/keys"), 400);
		problem(request().queryParam("cursor", "not*base64").get("/keys"), 400);
	}

	// POST /compact

	@Test
	void compactAnswers200WithItsReport() {
		String key = this.base + "k";
		put(key, "one");
		put(key, "two");
		put(this.base + "gone", "v");
		delete(this.base + "gone");
		Response response = request().post("/compact");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		Map<String, Object> report = response.jsonPath().getMap("$");
		assertThat(report).containsOnlyKeys("engine", "segmentsBefore", "segmentsAfter", "bytesBefore", "bytesAfter",
				"reclaimedBytes", "liveKeys", "durationMs");
		assertThat(report.get("engine")).isEqualTo(engineName());
		for (String field : List.of("segmentsBefore", "segmentsAfter", "bytesBefore", "bytesAfter", "reclaimedBytes",
				"liveKeys", "durationMs")) {
			assertThat(report.get(field)).as(field).isInstanceOf(Number.class);
			assertThat(((Number) report.get(field)).longValue()).as(field).isGreaterThanOrEqualTo(0);
		}
		assertThat(((Number) report.get("liveKeys")).longValue()).isGreaterThanOrEqualTo(1);
		assertStored(key, "two".getBytes(StandardCharsets.UTF_8));
		problem(get(this.base + "gone"), 404);
	}

	@Test
	void compactionKeepsETags() {
		String key = this.base + "k";
		put(key, "one");
		String etag = strongETag(put(key, "two"));
		assertThat(request().post("/compact").statusCode()).isEqualTo(200);
		assertThat(get(key).header("ETag")).isEqualTo(etag);
		assertThat(get(key, "If-None-Match", etag).statusCode()).isEqualTo(304);
	}

	// Errors

	@Test
	void unknownPathAnswers404Problem() {
		problem(request().get("/nowhere"), 404);
	}

	@Test
	void unsupportedMethodAnswers405Problem() {
		problem(request().post(keyPath(this.base + "k")), 405);
	}

}
