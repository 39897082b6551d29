package dev.kvstore.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.stream.Stream;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import dev.kvstore.config.KvProperties;

import static dev.kvstore.web.WebTestSupport.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over HTTP (TESTING.md layer 7) against the file engine, whose keys become
 * file names: every key rule of CONTRACT.md §3 gets a 400 problem detail whichever layer
 * refuses it (Tomcat, the security firewall, the controller), valid but awkward keys are
 * stored apart from their look-alikes, the value limit holds for declared and chunked
 * bodies, a body shorter than it claims stores nothing, and after it all the data
 * directory holds nothing outside {@code <data-dir>/fs}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestSupport.FILE, WebTestSupport.MAX_VALUE })
@ContextConfiguration(initializers = FreshDataDirectory.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

	private static final String OCTETS = "application/octet-stream";

	@LocalServerPort
	int port;

	@Autowired
	KvProperties properties;

	RequestSpecification request() {
		return RestAssured.given().port(this.port).urlEncodingEnabled(false);
	}

	Path dataDir() {
		return this.properties.dataDir().toAbsolutePath().normalize();
	}

	Response put(String path, byte[] value) {
		return request().contentType(OCTETS).body(value).put(path);
	}

	void assertProblem(Response response, int status) {
		WebTestSupport.assertProblem(response, status, dataDir().toString());
	}

	void assertProblem(RawHttp.Answer answer, int status) {
		assertThat(answer).as("an answer").isNotNull();
		assertThat(answer.status()).as("status of %s", answer.bodyText()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as("content type of %s", answer.bodyText())
			.startsWith("application/problem+json");
		WebTestSupport.assertProblemBody(answer.bodyText(), status, dataDir().toString());
	}

	List<String> keysUnder(String prefix) {
		Response response = request()
			.queryParam("prefix", java.net.URLEncoder.encode(prefix, StandardCharsets.UTF_8).replace("+", "%20"))
			.queryParam("limit", 1000)
			.get("/keys");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.jsonPath().getList("keys", String.class);
	}

	// Keys the rules refuse

	@Test
	void emptyKeyAnswers400() {
		assertProblem(put("/keys/", new byte[] { 1 }), 400);
		assertProblem(request().get("/keys/"), 400);
		assertProblem(request().delete("/keys/"), 400);
	}

	@Test
	void keyOneByteOverTheLimitAnswers400() {
		String key = "long/" + "x".repeat(this.properties.maxKeyBytes() + 1 - 5);
		assertProblem(put(keyPath(key), new byte[] { 1 }), 400);
		assertThat(keysUnder("long/")).isEmpty();
	}

	@Test
	void multiByteKeyOneByteOverTheLimitAnswers400() {
		// 'é' is two bytes: max/2 of them plus one ASCII byte is one byte too many
		int max = this.properties.maxKeyBytes();
		String key = "é".repeat(max / 2) + "x".repeat(max % 2 + 1);
		assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(max + 1);
		assertProblem(put(keyPath(key), new byte[] { 1 }), 400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "%00", "%01", "%1F", "%7F", "%0A", "%0D", "%09" })
	void keyWithControlCharacterAnswers400(String control) throws IOException {
		String target = "/keys/control/a" + control + "b";
		assertProblem(
				RawHttp.send(this.port, "PUT", target, new String[] { "Content-Length: 1" }, new byte[] { 1 }, false),
				400);
		assertProblem(RawHttp.send(this.port, "GET", target), 400);
		assertThat(keysUnder("control/")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/keys/dots/a/./b", "/keys/dots/a/../b", "/keys/dots/%2e%2e/b", "/keys/dots/%2E%2E/b",
			"/keys/dots/a/%2e/b", "/keys/dots/..", "/keys/dots/.", "/keys/..", "/keys/.", "/keys/../keys/dots",
			"/keys/dots/a%2F..%2Fb", "/keys/dots/a/.%2e/b" })
	void keyWithDotSegmentAnswers400(String target) throws IOException {
		assertProblem(
				RawHttp.send(this.port, "PUT", target, new String[] { "Content-Length: 1" }, new byte[] { 1 }, false),
				400);
		assertProblem(RawHttp.send(this.port, "GET", target), 400);
		assertThat(keysUnder("")).noneMatch((key) -> key.startsWith("dots/") || key.equals("b"));
	}

	@Test
	void dotsInsideASegmentAreAllowed() {
		for (String key : List.of("dots-ok/.hidden", "dots-ok/a..b", "dots-ok/...", "dots-ok/x.")) {
			assertThat(put(keyPath(key), new byte[] { 1 }).statusCode()).as(key).isEqualTo(201);
		}
		assertThat(keysUnder("dots-ok/")).containsExactly("dots-ok/...", "dots-ok/.hidden", "dots-ok/a..b",
				"dots-ok/x.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "%FF", "%C3%28", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%C3" })
	void keyThatIsNotUtf8Answers400(String bytes) throws IOException {
		String target = "/keys/utf8/a" + bytes;
		assertProblem(
				RawHttp.send(this.port, "PUT", target, new String[] { "Content-Length: 1" }, new byte[] { 1 }, false),
				400);
		assertProblem(RawHttp.send(this.port, "GET", target), 400);
		assertThat(keysUnder("utf8/")).isEmpty();
	}

	@Test
	void malformedPercentEncodingAnswers400() throws IOException {
		assertProblem(RawHttp.send(this.port, "PUT", "/keys/pct/a%G1", new String[] { "Content-Length: 1" },
				new byte[] { 1 }, false), 400);
		assertThat(keysUnder("pct/")).isEmpty();
	}

	// Valid keys that look like others

	@Test
	void backslashIsAnOrdinaryCharacterOfAKey() {
		String key = "back/a\\..\\b";
		Response created = put(keyPath(key), "v".getBytes(StandardCharsets.UTF_8));
		assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
		assertThat(request().get(keyPath(key)).asString()).isEqualTo("v");
		String climbing = "back/..\\..\\..\\escaped";
		assertThat(put(keyPath(climbing), "w".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
		assertThat(request().get(keyPath(climbing)).asString()).isEqualTo("w");
		assertThat(keysUnder("back/")).containsExactly(climbing, key);
	}

	@Test
	void keysWith255And256ByteNamesAreStored() {
		String name255 = "n".repeat(255);
		String name256 = "n".repeat(256);
		assertThat(put(keyPath("names/" + name255), new byte[] { 1 }).statusCode()).isEqualTo(201);
		assertThat(put(keyPath("names/" + name256), new byte[] { 2 }).statusCode()).isEqualTo(201);
		assertThat(put(keyPath(name256), new byte[] { 3 }).statusCode()).isEqualTo(201);
		assertThat(request().get(keyPath("names/" + name255)).asByteArray()).containsExactly(1);
		assertThat(request().get(keyPath("names/" + name256)).asByteArray()).containsExactly(2);
		assertThat(request().get(keyPath(name256)).asByteArray()).containsExactly(3);
		assertThat(keysUnder("names/")).containsExactly("names/" + name255, "names/" + name256);
	}

	@Test
	void keysThatDifferOnlyInCaseAreStoredApart() {
		assertThat(put(keyPath("case/Key"), "upper".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
		assertThat(put(keyPath("case/key"), "lower".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
		assertThat(request().get(keyPath("case/Key")).asString()).isEqualTo("upper");
		assertThat(request().get(keyPath("case/key")).asString()).isEqualTo("lower");
		assertThat(keysUnder("case/")).containsExactly("case/Key", "case/key");
		assertThat(request().delete(keyPath("case/Key")).statusCode()).isEqualTo(204);
		assertThat(request().get(keyPath("case/key")).asString()).isEqualTo("lower");
	}

	@Test
	void nfcAndNfdFormsOfAKeyAreStoredApart() {
		String nfc = Normalizer.normalize("norm/é", Normalizer.Form.NFC);
		String nfd = Normalizer.normalize("norm/é", Normalizer.Form.NFD);
		assertThat(nfc).isNotEqualTo(nfd);
		assertThat(put(keyPath(nfc), "nfc".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
		assertThat(put(keyPath(nfd), "nfd".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
		assertThat(request().get(keyPath(nfc)).asString()).isEqualTo("nfc");
		assertThat(request().get(keyPath(nfd)).asString()).isEqualTo("nfd");
		assertThat(keysUnder("norm/")).containsExactlyInAnyOrder(nfc, nfd);
	}

	@Test
	void encodedSlashIsTheSameAsASlash() {
		assertThat(put("/keys/slash/a%2Fb", "v".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
		assertThat(request().get("/keys/slash/a/b").asString()).isEqualTo("v");
		assertThat(keysUnder("slash/")).containsExactly("slash/a/b");
	}

	// Values

	@Test
	void valueAtTheLimitIsStored() {
		byte[] value = new byte[WebTestSupport.MAX_VALUE_BYTES];
		value[value.length - 1] = 42;
		assertThat(put(keyPath("limit/at"), value).statusCode()).isEqualTo(201);
		assertThat(request().get(keyPath("limit/at")).asByteArray()).isEqualTo(value);
	}

	@Test
	void valueOneByteOverTheLimitAnswers413() {
		Response response = put(keyPath("limit/over"), new byte[WebTestSupport.MAX_VALUE_BYTES + 1]);
		assertProblem(response, 413);
		assertThat(keysUnder("limit/over")).isEmpty();
	}

	@Test
	void declaredLengthOverTheLimitAnswers413BeforeTheBodyIsSent() throws IOException {
		RawHttp.Answer answer = RawHttp.send(this.port, "PUT", "/keys/limit/declared", new String[] {
				"Content-Type: application/octet-stream", "Content-Length: " + (WebTestSupport.MAX_VALUE_BYTES + 1) },
				new byte[0], true);
		assertProblem(answer, 413);
		assertThat(keysUnder("limit/declared")).isEmpty();
	}

	@Test
	void chunkedBodyAtTheLimitIsStored() throws IOException {
		RawHttp.Answer answer = RawHttp.send(this.port, "PUT", "/keys/limit/chunked-at",
				new String[] { "Content-Type: application/octet-stream", "Transfer-Encoding: chunked" },
				chunked(WebTestSupport.MAX_VALUE_BYTES), false);
		assertThat(answer.status()).as(answer.bodyText()).isEqualTo(201);
		assertThat(request().get("/keys/limit/chunked-at").asByteArray()).hasSize(WebTestSupport.MAX_VALUE_BYTES);
	}

	@Test
	void chunkedBodyOverTheLimitAnswers413() throws IOException {
		RawHttp.Answer answer = RawHttp.send(this.port, "PUT", "/keys/limit/chunked-over",
				new String[] { "Content-Type: application/octet-stream", "Transfer-Encoding: chunked" },
				chunked(WebTestSupport.MAX_VALUE_BYTES + 1), false);
		assertProblem(answer, 413);
		assertThat(keysUnder("limit/chunked-over")).isEmpty();
	}

	private static byte[] chunked(int length) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int chunk = 10_000;
		for (int sent = 0; sent < length; sent += chunk) {
			int size = Math.min(chunk, length - sent);
			out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(new byte[size]);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	@Test
	void bodyShorterThanItsContentLengthStoresNothing() throws IOException {
		RawHttp.Answer answer = RawHttp.send(this.port, "PUT", "/keys/lying/short",
				new String[] { "Content-Type: application/octet-stream", "Content-Length: 100" },
				"only ten b".getBytes(StandardCharsets.US_ASCII), true);
		if (answer != null) {
			assertThat(answer.status()).as(answer.bodyText()).isBetween(400, 499);
			assertProblem(answer, answer.status());
		}
		assertProblem(request().get("/keys/lying/short"), 404);
		assertThat(keysUnder("lying/")).isEmpty();
	}

	@Test
	void formContentTypeIsStoredVerbatim() {
		byte[] body = "a=1&b=%20two&a=3".getBytes(StandardCharsets.US_ASCII);
		RestAssuredConfig config = RestAssuredConfig.config()
			.encoderConfig(EncoderConfig.encoderConfig()
				.encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
				.appendDefaultContentCharsetToContentTypeIfUndefined(false));
		Response response = request().config(config)
			.contentType("application/x-www-form-urlencoded")
			.body(body)
			.put(keyPath("form/k"));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(request().get(keyPath("form/k")).asByteArray()).isEqualTo(body);
	}

	@Test
	void formContentTypeThroughARawRequestIsStoredVerbatim() throws IOException {
		byte[] body = "x=%41&y".getBytes(StandardCharsets.US_ASCII);
		RawHttp.Answer answer = RawHttp.send(this.port, "PUT", "/keys/form/raw",
				new String[] { "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + body.length },
				body, false);
		assertThat(answer.status()).isEqualTo(201);
		assertThat(request().get("/keys/form/raw").asByteArray()).isEqualTo(body);
	}

	// Methods

	@Test
	void patchAnswers405() {
		assertProblem(request().contentType(OCTETS).body(new byte[] { 1 }).patch(keyPath("method/k")), 405);
		assertThat(keysUnder("method/")).isEmpty();
	}

	@Test
	void unknownMethodAnswers4xxProblem() throws IOException {
		RawHttp.Answer answer = RawHttp.send(this.port, "FROB", "/keys/method/k");
		assertThat(answer).isNotNull();
		assertThat(answer.status()).isBetween(400, 499);
		assertProblem(answer, answer.status());
	}

	// Afterwards

	@Test
	@Order(Integer.MAX_VALUE)
	void nothingWasWrittenOutsideTheEnginesDirectory() throws IOException {
		Path root = dataDir();
		Path fs = root.resolve("fs");
		assertThat(fs).isDirectory();
		try (Stream<Path> paths = Files.walk(root)) {
			List<Path> outside = paths.filter((path) -> !path.equals(root))
				.filter((path) -> !path.startsWith(fs))
				.toList();
			assertThat(outside).isEmpty();
		}
		try (Stream<Path> paths = Files.walk(root.getParent(), 1)) {
			assertThat(paths.map((path) -> path.getFileName().toString())).noneMatch((name) -> name.equals("b"));
		}
	}

}
