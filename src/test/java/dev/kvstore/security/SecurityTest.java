package dev.kvstore.security;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import dev.kvstore.web.FreshDataDirectory;
import dev.kvstore.web.WebTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With accounts configured, every request needs HTTP Basic credentials: without them, or
 * with a wrong password, 401 with a Basic challenge; a read-only account may read and
 * list but gets 403 on writes, deletes and compaction; a read-write account may do
 * everything. Every refusal is a problem detail. Passwords are stored as bcrypt hashes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = WebTestSupport.MEMORY)
@ContextConfiguration(initializers = FreshDataDirectory.class)
class SecurityTest {

	private static final String WRITER_PASSWORD = "writer-secret";

	private static final String READER_PASSWORD = "reader-secret";

	private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);

	@DynamicPropertySource
	static void accounts(DynamicPropertyRegistry registry) {
		registry.add("kv.security.users[0].name", () -> "writer");
		registry.add("kv.security.users[0].password", () -> "{bcrypt}" + BCRYPT.encode(WRITER_PASSWORD));
		registry.add("kv.security.users[0].role", () -> "read-write");
		registry.add("kv.security.users[1].name", () -> "reader");
		registry.add("kv.security.users[1].password", () -> "{bcrypt}" + BCRYPT.encode(READER_PASSWORD));
		registry.add("kv.security.users[1].role", () -> "read-only");
	}

	@LocalServerPort
	int port;

	RequestSpecification anonymous() {
		return RestAssured.given().port(this.port).urlEncodingEnabled(false);
	}

	RequestSpecification as(String user, String password) {
		return anonymous().auth().preemptive().basic(user, password);
	}

	RequestSpecification writer() {
		return as("writer", WRITER_PASSWORD);
	}

	RequestSpecification reader() {
		return as("reader", READER_PASSWORD);
	}

	static void assertUnauthorized(Response response) {
		WebTestSupport.assertProblem(response, 401, null);
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
	}

	static void assertForbidden(Response response) {
		WebTestSupport.assertProblem(response, 403, null);
	}

	Response put(RequestSpecification request, String key, String value) {
		return request.contentType("application/octet-stream").body(value.getBytes()).put("/keys/" + key);
	}

	@Test
	void anonymousGetAnswers401WithBasicChallenge() {
		assertUnauthorized(anonymous().get("/keys/sec/anything"));
		assertUnauthorized(anonymous().get("/keys"));
	}

	@Test
	void anonymousPutAnswers401AndStoresNothing() {
		assertUnauthorized(put(anonymous(), "sec/anonymous", "v"));
		assertThat(writer().get("/keys/sec/anonymous").statusCode()).isEqualTo(404);
	}

	@Test
	void wrongPasswordAnswers401() {
		assertUnauthorized(as("writer", "wrong").get("/keys/sec/anything"));
		assertUnauthorized(put(as("reader", WRITER_PASSWORD), "sec/wrong", "v"));
		assertUnauthorized(as("nobody", "x").get("/keys"));
	}

	@Test
	void readWriteAccountMayDoEverything() {
		Response created = put(writer(), "sec/rw/v", "v");
		assertThat(created.statusCode()).isEqualTo(201);
		Response read = writer().get("/keys/sec/rw/v");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.asString()).isEqualTo("v");
		assertThat(writer().head("/keys/sec/rw/v").statusCode()).isEqualTo(200);
		assertThat(writer().queryParam("prefix", "sec/rw/").get("/keys").jsonPath().getList("keys"))
			.containsExactly("sec/rw/v");
		assertThat(writer().post("/compact").statusCode()).isEqualTo(200);
		assertThat(writer().delete("/keys/sec/rw/v").statusCode()).isEqualTo(204);
	}

	@Test
	void readOnlyAccountMayReadAndList() {
		put(writer(), "sec/ro/v", "v");
		Response read = reader().get("/keys/sec/ro/v");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.asString()).isEqualTo("v");
		assertThat(reader().head("/keys/sec/ro/v").statusCode()).isEqualTo(200);
		Response list = reader().queryParam("prefix", "sec/ro/").get("/keys");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.jsonPath().getList("keys")).containsExactly("sec/ro/v");
	}

	@Test
	void readOnlyAccountMayNotPut() {
		assertForbidden(put(reader(), "sec/ro-put", "v"));
		assertThat(writer().get("/keys/sec/ro-put").statusCode()).isEqualTo(404);
	}

	@Test
	void readOnlyAccountMayNotDelete() {
		put(writer(), "sec/ro-delete", "v");
		assertForbidden(reader().delete("/keys/sec/ro-delete"));
		assertThat(writer().get("/keys/sec/ro-delete").statusCode()).isEqualTo(200);
	}

	@Test
	void readOnlyAccountMayNotCompact() {
		assertForbidden(reader().post("/compact"));
	}

	@Test
	void apiDocumentationIsOpen() {
		assertThat(anonymous().get("/v3/api-docs").statusCode()).isEqualTo(200);
		assertThat(anonymous().get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void healthIsOpen() {
		Assumptions.assumeTrue(
				ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", null),
				"Actuator is not on the classpath");
		assertThat(anonymous().get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void errorsOfAuthenticatedRequestsAreStillProblems() {
		WebTestSupport.assertProblem(writer().get("/keys/sec/absent"), 404, null);
		WebTestSupport.assertProblem(reader().get("/keys/sec/a%01"), 400, null);
	}

}
