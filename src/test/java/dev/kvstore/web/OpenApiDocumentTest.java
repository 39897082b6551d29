package dev.kvstore.web;

import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /v3/api-docs} describes every operation of CONTRACT.md
 * §3 with every status code of its row, value bodies as binary octet streams, and Swagger
 * UI is served.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestSupport.MEMORY, WebTestSupport.MAX_VALUE })
@ContextConfiguration(initializers = FreshDataDirectory.class)
class OpenApiDocumentTest {

	@LocalServerPort
	int port;

	JsonPath document;

	String keyPath;

	RequestSpecification request() {
		return RestAssured.given().port(this.port).redirects().follow(false);
	}

	@BeforeEach
	void readDocument() {
		Response response = request().get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		this.document = JsonPath.from(response.asString());
		Map<String, Object> paths = this.document.getMap("paths");
		this.keyPath = paths.keySet()
			.stream()
			.filter((path) -> path.startsWith("/keys/"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no /keys/{key} path in " + paths.keySet()));
	}

	Map<String, Object> responses(String path, String method) {
		Map<String, Object> operation = this.document.getMap("paths.'" + path + "'." + method);
		assertThat(operation).as("%s %s", method, path).isNotNull();
		Map<String, Object> responses = this.document.getMap("paths.'" + path + "'." + method + ".responses");
		assertThat(responses).as("responses of %s %s", method, path).isNotNull();
		return responses;
	}

	@Test
	void keyPathIsDocumentedWithItsKeyParameter() {
		assertThat(this.keyPath).isEqualTo("/keys/{key}");
		List<String> names = this.document.getList("paths.'/keys/{key}'.get.parameters.name", String.class);
		assertThat(names).contains("key", "If-None-Match");
	}

	@Test
	void putListsEveryStatusOfTheContract() {
		assertThat(responses(this.keyPath, "put")).containsKeys("201", "204", "400", "412", "413", "507");
	}

	@Test
	void getListsEveryStatusOfTheContract() {
		assertThat(responses(this.keyPath, "get")).containsKeys("200", "304", "404");
	}

	@Test
	void deleteListsEveryStatusOfTheContract() {
		assertThat(responses(this.keyPath, "delete")).containsKeys("204", "404", "412");
	}

	@Test
	void listListsEveryStatusOfTheContract() {
		assertThat(responses("/keys", "get")).containsKeys("200", "400");
	}

	@Test
	void compactListsEveryStatusOfTheContract() {
		assertThat(responses("/compact", "post")).containsKeys("200", "409");
	}

	@Test
	void putBodyIsABinaryOctetStream() {
		String base = "paths.'" + this.keyPath + "'.put.requestBody.content";
		Map<String, Object> content = this.document.getMap(base);
		assertThat(content).containsOnlyKeys("application/octet-stream");
		assertThat(this.document.getString(base + ".'application/octet-stream'.schema.type")).isEqualTo("string");
		assertThat(this.document.getString(base + ".'application/octet-stream'.schema.format")).isEqualTo("binary");
	}

	@Test
	void getBodyIsABinaryOctetStream() {
		String base = "paths.'" + this.keyPath + "'.get.responses.'200'.content";
		assertThat(this.document.getMap(base)).containsKey("application/octet-stream");
		assertThat(this.document.getString(base + ".'application/octet-stream'.schema.format")).isEqualTo("binary");
	}

	@Test
	void errorsAreDocumentedAsProblemDetails() {
		String base = "paths.'" + this.keyPath + "'.put.responses";
		for (String status : List.of("400", "412", "413", "507")) {
			assertThat(this.document.getMap(base + ".'" + status + "'.content")).as(status)
				.containsKey("application/problem+json");
		}
	}

	@Test
	void swaggerUiHtmlRedirectsToOrServesTheUi() {
		Response response = request().get("/swagger-ui.html");
		assertThat(response.statusCode()).isIn(200, 301, 302, 303, 307, 308);
		if (response.statusCode() != 200) {
			assertThat(response.header("Location")).contains("/swagger-ui/index.html");
		}
		else {
			assertThat(response.contentType()).startsWith("text/html");
		}
	}

	@Test
	void swaggerUiIndexIsServed() {
		Response response = request().get("/swagger-ui/index.html");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/html");
		assertThat(response.asString()).containsIgnoringCase("swagger");
	}

}
