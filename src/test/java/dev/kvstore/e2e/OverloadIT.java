package dev.kvstore.e2e;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service, with a 256 MB heap and small limits, under far more concurrent
 * large writes than it admits (200 × 4 MB = 800 MB of bodies against a 32 MB budget),
 * while slow clients try to hold connections: it answers each write 2xx or 503 with
 * {@code Retry-After}, keeps every write it acknowledged, stays within its heap, still
 * serves a polite client, and cuts the slow ones off.
 */
class OverloadIT {

	private static final int FLOOD = 200;

	private static final int VALUE_BYTES = 4 * 1024 * 1024;

	@TempDir
	Path temp;

	private ServiceProcess service;

	private Path gcLog;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeEach
	void start() throws Exception {
		this.gcLog = this.temp.resolve("gc.log");
		this.service = ServiceProcess.start(this.temp.resolve("service.log"),
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:gc:file=" + this.gcLog),
				List.of("--kv.data-dir=" + this.temp.resolve("data"), "--kv.log.sync=never", "--kv.max-value-bytes=8MB",
						"--kv.limits.max-concurrent-requests=8", "--kv.limits.max-body-bytes-in-flight=32MB",
						"--kv.limits.body-read-timeout=5s", "--server.tomcat.connection-timeout=10s",
						"--server.tomcat.max-connections=400"));
	}

	/**
	 * Stops the service and keeps its logs in {@code target/e2e/} for a look after a
	 * failure.
	 */
	@AfterEach
	void stop() throws Exception {
		this.service.stop();
		Path kept = Files.createDirectories(Path.of("target", "e2e"));
		Files.copy(this.temp.resolve("service.log"), kept.resolve("overload-service.log"),
				StandardCopyOption.REPLACE_EXISTING);
		Files.copy(this.gcLog, kept.resolve("overload-gc.log"), StandardCopyOption.REPLACE_EXISTING);
	}

	@Test
	void floodOfLargeWritesGetsOnly2xxOr503WithinBoundedHeapWhileSlowClientsAreCutOff() throws Exception {
		long seed = ThreadLocalRandom.current().nextLong();
		System.out.printf("[overload] seed %d%n", seed);
		List<CompletableFuture<SlowClient.Result>> slow = List.of(
				SlowClient.slowHeaders(this.service.port(), "slow/headers-1"),
				SlowClient.slowHeaders(this.service.port(), "slow/headers-2"),
				SlowClient.slowBody(this.service.port(), "slow/body-1"),
				SlowClient.slowBody(this.service.port(), "slow/body-2"));
		HeapWatch heap = new HeapWatch(this.service);
		Flood flood = new Flood(this.service, VALUE_BYTES, seed);
		CompletableFuture<Boolean> politeDuringFlood = CompletableFuture
			.supplyAsync(() -> politeWriteAndRead("polite/during"));
		List<Flood.Answer> answers = flood.run("flood", FLOOD, 20);
		heap.stop();
		long inUse = heap.sampledHighWaterBytes();
		long afterCollection = HeapWatch.afterCollectionHighWaterBytes(this.gcLog);
		Map<Integer, Long> statuses = answers.stream()
			.collect(Collectors.groupingBy(Flood.Answer::status, Collectors.counting()));
		System.out.printf(
				"[overload] %d concurrent PUTs of %d bytes: %s (status: count); heap of 256 MB: in use "
						+ "at most %d MB, after a collection at most %d MB (%d collections)%n",
				FLOOD, VALUE_BYTES, statuses, inUse >> 20, afterCollection >> 20, HeapWatch.collections(this.gcLog));

		assertThat(answers).as("seed %d", seed)
			.allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isIn(201, 204, 503));
		assertThat(answers).filteredOn((answer) -> answer.status() == 503).isNotEmpty().allSatisfy((answer) -> {
			assertThat(answer.retryAfter()).as(answer.toString()).isEqualTo("1");
			assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
			assertThat(answer.body()).as(answer.toString()).contains("urn:kvstore:problem:overloaded");
		});
		for (Flood.Answer written : answers.stream().filter((answer) -> answer.status() / 100 == 2).toList()) {
			HttpResponse<byte[]> stored = get(written.key());
			assertThat(stored.statusCode()).as(written.key()).isEqualTo(200);
			assertThat(stored.body()).as(written.key()).isEqualTo(flood.valueOf(written.key()));
		}
		// Buffering every body would need 800 MB: the service got through the flood in a
		// 256 MB heap without running out of it.
		assertThat(HeapWatch.collections(this.gcLog)).as("collections during the flood").isPositive();
		assertThat(inUse).as("heap in use, high-water mark, bytes")
			.isPositive()
			.isLessThan(256L * 1024 * 1024)
			.isLessThan((long) FLOOD * VALUE_BYTES / 3);
		assertThat(Files.readString(this.temp.resolve("service.log"))).doesNotContain("OutOfMemoryError");
		assertThat(politeDuringFlood.get()).as("a polite client served during the flood").isTrue();
		assertThat(put("polite/after", new byte[] { 1, 2, 3 }).statusCode()).isEqualTo(201);
		assertThat(get("polite/after").body()).containsExactly(1, 2, 3);
		assertThat(slow.stream().map(CompletableFuture::join).toList()).as("slow clients")
			.allSatisfy((result) -> assertThat(result.cutOff()).as(result.toString()).isTrue());
	}

	/** A PUT and a GET, each retried after a 503 as its Retry-After says. */
	private boolean politeWriteAndRead(String key) {
		try {
			int put = retried((k) -> put(k, new byte[] { 42 }), key);
			HttpResponse<byte[]> read = get(key);
			for (int attempt = 0; read.statusCode() == 503 && attempt < 120; attempt++) {
				Thread.sleep(1000);
				read = get(key);
			}
			return put == 201 && read.statusCode() == 200 && read.body().length == 1 && read.body()[0] == 42;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private int retried(Function<String, HttpResponse<byte[]>> request, String key) throws InterruptedException {
		HttpResponse<byte[]> response = request.apply(key);
		for (int attempt = 0; response.statusCode() == 503 && attempt < 120; attempt++) {
			Thread.sleep(1000 * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
			response = request.apply(key);
		}
		return response.statusCode();
	}

	private HttpResponse<byte[]> put(String key, byte[] value) {
		return send(HttpRequest.newBuilder(this.service.uri("/keys/" + key))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
	}

	private HttpResponse<byte[]> get(String key) {
		return send(HttpRequest.newBuilder(this.service.uri("/keys/" + key)).GET());
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
