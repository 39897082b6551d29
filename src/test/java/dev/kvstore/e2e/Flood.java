package dev.kvstore.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many concurrent PUTs of large values, all released at once. The values share one buffer
 * (so the test's own heap stays small) and differ in their first bytes, which name their
 * key. Every request says {@code Expect: 100-continue}, as a client sending large bodies
 * should; a few send their body chunked, without a {@code Content-Length}.
 */
final class Flood {

	/**
	 * One request's answer.
	 *
	 * @param key the key it wrote
	 * @param status the status, or -1 if no answer came
	 * @param retryAfter its {@code Retry-After}, or {@code null}
	 * @param contentType its {@code Content-Type}, or {@code null}
	 * @param body its body, or the error
	 */
	record Answer(String key, int status, String retryAfter, String contentType, String body) {

	}

	private final ServiceProcess service;

	private final byte[] shared;

	Flood(ServiceProcess service, int valueBytes, long seed) {
		this.service = service;
		this.shared = new byte[valueBytes];
		new Random(seed).nextBytes(this.shared);
	}

	/** The value written to {@code key}. */
	byte[] valueOf(String key) {
		byte[] value = this.shared.clone();
		byte[] header = header(key);
		System.arraycopy(header, 0, value, 0, header.length);
		return value;
	}

	List<Answer> run(String prefix, int requests, int chunkedEvery) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		ExecutorService pool = Executors.newFixedThreadPool(requests);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Answer>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < requests; i++) {
				String key = prefix + "/" + i;
				boolean chunked = (i % chunkedEvery) == 0;
				answers.add(pool.submit(() -> {
					go.await();
					return put(client, key, chunked);
				}));
			}
			go.countDown();
			List<Answer> result = new ArrayList<>();
			for (Future<Answer> answer : answers) {
				result.add(answer.get());
			}
			return result;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private Answer put(HttpClient client, String key, boolean chunked) {
		byte[] header = header(key);
		HttpRequest.BodyPublisher body = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(valueOf(key)))
				: HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(header),
						HttpRequest.BodyPublishers.ofByteArray(this.shared, header.length,
								this.shared.length - header.length));
		HttpRequest request = HttpRequest.newBuilder(this.service.uri("/keys/" + key))
			.timeout(Duration.ofSeconds(120))
			.PUT(body)
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(key, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
					response.headers().firstValue("Content-Type").orElse(null), response.body());
		}
		catch (IOException | InterruptedException ex) {
			return new Answer(key, -1, null, null, ex.toString());
		}
	}

	private static byte[] header(String key) {
		return Arrays.copyOf((key + "|").getBytes(StandardCharsets.UTF_8), 32);
	}

}
