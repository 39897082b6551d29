package dev.kvstore.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code If-Match} is an atomic compare-and-set over HTTP: threads that each increment
 * one counter by read-modify-write (GET, then PUT with the ETag read, again on 412) lose
 * no increment, and every successful write gets an ETag of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestSupport.LOG, WebTestSupport.MAX_VALUE })
@ContextConfiguration(initializers = FreshDataDirectory.class)
class ConditionalContentionTest {

	private static final int THREADS = 8;

	private static final int INCREMENTS = 25;

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void concurrentConditionalIncrementsLoseNothing() throws Exception {
		URI counter = URI.create("http://127.0.0.1:" + this.port + "/keys/contention/counter");
		HttpResponse<Void> created = this.client.send(HttpRequest.newBuilder(counter)
			.header("If-None-Match", "*")
			.PUT(HttpRequest.BodyPublishers.ofString("0"))
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(created.statusCode()).isEqualTo(201);
		Set<String> writtenETags = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<Integer>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				workers.add(pool.submit(() -> {
					start.await();
					return increment(counter, writtenETags);
				}));
			}
			start.countDown();
			int done = 0;
			for (Future<Integer> worker : workers) {
				done += worker.get(5, TimeUnit.MINUTES);
			}
			assertThat(done).isEqualTo(THREADS * INCREMENTS);
		}
		finally {
			pool.shutdownNow();
		}
		HttpResponse<String> last = this.client.send(HttpRequest.newBuilder(counter).GET().build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(last.statusCode()).isEqualTo(200);
		assertThat(Integer.parseInt(last.body())).isEqualTo(THREADS * INCREMENTS);
		assertThat(writtenETags).hasSize(THREADS * INCREMENTS);
		assertThat(writtenETags).contains(last.headers().firstValue("ETag").orElseThrow());
	}

	/** Increments the counter {@link #INCREMENTS} times; answers how many it made. */
	private int increment(URI counter, Set<String> writtenETags) throws Exception {
		int made = 0;
		for (int attempt = 0; made < INCREMENTS; attempt++) {
			assertThat(attempt).as("attempts").isLessThan(100_000);
			HttpResponse<String> read = this.client.send(HttpRequest.newBuilder(counter).GET().build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			assertThat(read.statusCode()).isEqualTo(200);
			String etag = read.headers().firstValue("ETag").orElseThrow();
			int next = Integer.parseInt(read.body()) + 1;
			HttpResponse<Void> write = this.client.send(HttpRequest.newBuilder(counter)
				.header("If-Match", etag)
				.PUT(HttpRequest.BodyPublishers.ofString(Integer.toString(next)))
				.build(), HttpResponse.BodyHandlers.discarding());
			if (write.statusCode() == 204) {
				made++;
				assertThat(writtenETags.add(write.headers().firstValue("ETag").orElseThrow())).as("a new ETag")
					.isTrue();
			}
			else {
				assertThat(write.statusCode()).as("a lost race").isEqualTo(412);
			}
		}
		return made;
	}

}
