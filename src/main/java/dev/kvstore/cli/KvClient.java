package dev.kvstore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The service's HTTP API, one method per request, with every failure turned into a
 * {@link CliFailure}. Uses the JDK's {@link HttpClient}: no dependency, and HTTP/1.1 so
 * that no upgrade is attempted on plain connections.
 */
final class KvClient {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private final String baseUrl;

	private final String authorization;

	private final HttpClient http;

	/**
	 * @param baseUrl the service's URL, such as {@code http://localhost:8080}
	 * @param credentials HTTP Basic credentials, or {@code null} to send none
	 */
	KvClient(String baseUrl, Credentials credentials) {
		this.baseUrl = normalize(baseUrl);
		this.authorization = (credentials != null) ? credentials.basicAuthorization() : null;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.build();
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Stores a value.
	 * @return the answer's status: 201 if the key was new, 204 if a value was replaced
	 */
	int put(String key, BodyPublisher value) {
		HttpResponse<byte[]> response = send(request(KeyUrls.keyPath(key)).PUT(value), BodyHandlers.ofByteArray());
		checkOk(response.statusCode(), response.body(), true);
		return response.statusCode();
	}

	/**
	 * The value of a key, as a stream the caller must close.
	 * @throws CliFailure with {@link ExitCodes#NOT_FOUND} if the key has no value
	 */
	InputStream get(String key) {
		HttpResponse<InputStream> response = send(request(KeyUrls.keyPath(key)).GET(), BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			try (InputStream body = response.body()) {
				throw ServiceErrors.failure(response.statusCode(), body.readAllBytes(), true);
			}
			catch (IOException ex) {
				throw new CliFailure(ExitCodes.UNAVAILABLE, "reading the answer failed: " + ex.getMessage(), ex);
			}
		}
		return response.body();
	}

	/**
	 * Deletes a key.
	 * @throws CliFailure with {@link ExitCodes#NOT_FOUND} if the key has no value
	 */
	void delete(String key) {
		HttpResponse<byte[]> response = send(request(KeyUrls.keyPath(key)).DELETE(), BodyHandlers.ofByteArray());
		checkOk(response.statusCode(), response.body(), true);
	}

	/** One page of keys with a prefix, after the key the cursor stands for. */
	KeyPage list(String prefix, int limit, String cursor) {
		String query = "?prefix=" + KeyUrls.queryValue(prefix) + "&limit=" + limit
				+ ((cursor != null) ? "&cursor=" + KeyUrls.queryValue(cursor) : "");
		Map<String, Object> page = json(send(request("/keys" + query).GET(), BodyHandlers.ofByteArray()));
		List<String> keys = new ArrayList<>();
		if (page.get("keys") instanceof List<?> list) {
			list.forEach((key) -> keys.add(String.valueOf(key)));
		}
		Object next = page.get("next");
		return new KeyPage(keys, (next != null) ? next.toString() : null);
	}

	/**
	 * The value of one of the service's gauges ({@code kv.keys}, {@code kv.segments},
	 * ...) from {@code /actuator/metrics}, with the engine it is tagged with.
	 */
	Gauge gauge(String name) {
		Map<String, Object> meter = json(send(request("/actuator/metrics/" + name).GET(), BodyHandlers.ofByteArray()));
		double value = 0;
		if (meter.get("measurements") instanceof List<?> measurements && !measurements.isEmpty()
				&& measurements.get(0) instanceof Map<?, ?> first && first.get("value") instanceof Number number) {
			value = number.doubleValue();
		}
		String engine = "";
		if (meter.get("availableTags") instanceof List<?> tags) {
			for (Object tag : tags) {
				if (tag instanceof Map<?, ?> map && "engine".equals(map.get("tag"))
						&& map.get("values") instanceof List<?> values && !values.isEmpty()) {
					engine = String.valueOf(values.get(0));
				}
			}
		}
		return new Gauge(value, engine);
	}

	/** Compacts the store; the service's report. */
	Map<String, Object> compact() {
		return json(send(request("/compact").POST(HttpRequest.BodyPublishers.noBody()), BodyHandlers.ofByteArray()));
	}

	private Map<String, Object> json(HttpResponse<byte[]> response) {
		checkOk(response.statusCode(), response.body(), false);
		try {
			if (Json.parse(new String(response.body(), StandardCharsets.UTF_8)) instanceof Map<?, ?> map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> object = (Map<String, Object>) map;
				return object;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new CliFailure(ExitCodes.UNAVAILABLE, this.baseUrl + " did not answer as kvstore does (not JSON)");
	}

	private static void checkOk(int status, byte[] body, boolean keyRequest) {
		if (status < 200 || status > 299) {
			throw ServiceErrors.failure(status, body, keyRequest);
		}
	}

	private HttpRequest.Builder request(String pathAndQuery) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.http.send(request.build(), handler);
		}
		catch (ConnectException | HttpConnectTimeoutException ex) {
			throw CliFailure.unreachable(this.baseUrl, ex);
		}
		catch (IOException ex) {
			throw new CliFailure(ExitCodes.UNAVAILABLE,
					"the request to kvstore at " + this.baseUrl + " failed: " + describe(ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliFailure(ExitCodes.UNAVAILABLE, "interrupted", ex);
		}
	}

	private static String describe(IOException ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static String normalize(String url) {
		String trimmed = url.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		URI uri;
		try {
			uri = URI.create(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw CliFailure.usage("not a URL: " + url);
		}
		if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
			throw CliFailure.usage("not an http or https URL: " + url);
		}
		return trimmed;
	}

	/** A page of keys and the cursor of the next one, {@code null} after the last. */
	/** A gauge's value and the engine it measures. */
	record Gauge(double value, String engine) {

	}

	record KeyPage(List<String> keys, String next) {

	}

	/** A user name and password for HTTP Basic. */
	record Credentials(String user, char[] password) {

		String basicAuthorization() {
			String pair = this.user + ":" + ((this.password != null) ? new String(this.password) : "");
			return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
		}

	}

}
