package dev.kvstore.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives concurrent PUTs and DELETEs at the service until it is killed: each thread has
 * keys of its own (one writer, so the expected state is exact) and shares a few with the
 * others (concurrent writers), with values from a few bytes to a few segments long, and
 * an occasional {@code POST /compact}. Every op goes into the {@link History} before it
 * is sent.
 */
final class LoadDriver {

	static final int OWN_KEYS = 20;

	static final int SHARED_KEYS = 8;

	/** Safety net only: an answer never takes this long. */
	private static final Duration REQUEST_LIMIT = Duration.ofSeconds(60);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ServiceProcess service;

	private final History history;

	private final String prefix;

	private final long seed;

	private final AtomicBoolean killed = new AtomicBoolean();

	private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

	private final List<Thread> threads = new ArrayList<>();

	LoadDriver(ServiceProcess service, History history, String prefix, long seed) {
		this.service = service;
		this.history = history;
		this.prefix = prefix;
		this.seed = seed;
	}

	void start(int threadCount) {
		for (int t = 0; t < threadCount; t++) {
			int index = t;
			Thread thread = new Thread(() -> drive(index), "load-" + t);
			this.threads.add(thread);
			thread.start();
		}
	}

	/** Called just before the kill: what fails from now on failed because of it. */
	void killing() {
		this.killed.set(true);
	}

	void awaitStopped() throws InterruptedException {
		for (Thread thread : this.threads) {
			thread.join(REQUEST_LIMIT.toMillis() * 2);
		}
	}

	/** Answers and errors no op should get while the service runs. */
	List<String> unexpected() {
		return List.copyOf(this.unexpected);
	}

	private void drive(int index) {
		Random random = new Random(this.seed * 31 + index);
		while (!this.killed.get()) {
			int dice = random.nextInt(100);
			String own = this.prefix + "/t" + index + "/" + random.nextInt(OWN_KEYS);
			String shared = this.prefix + "/shared/" + random.nextInt(SHARED_KEYS);
			try {
				if (dice < 2) {
					compact();
				}
				else if (dice < 62) {
					put(own, size(random));
				}
				else if (dice < 77) {
					delete(own);
				}
				else if (dice < 95) {
					put(shared, size(random));
				}
				else {
					delete(shared);
				}
			}
			catch (IOException ex) {
				if (!this.killed.get()) {
					this.unexpected.add("thread " + index + ": " + ex);
				}
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Mostly small values, some of many kilobytes, a few longer than a segment. */
	private static int size(Random random) {
		int dice = random.nextInt(100);
		if (dice < 70) {
			return random.nextInt(1024);
		}
		if (dice < 90) {
			return 1024 + random.nextInt(15 * 1024);
		}
		if (dice < 98) {
			return 16 * 1024 + random.nextInt(48 * 1024);
		}
		return 64 * 1024 + random.nextInt(136 * 1024);
	}

	private void put(String key, int size) throws IOException, InterruptedException {
		Op op = this.history.begin(key, false, size);
		HttpResponse<Void> response = send(HttpRequest.newBuilder(this.service.uri("/keys/" + key))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(Values.of(op.id, size))));
		if (response.statusCode() == 201 || response.statusCode() == 204) {
			op.answered(Op.Outcome.ACKNOWLEDGED, response.headers().firstValue("ETag").orElseThrow());
		}
		else {
			this.unexpected.add(op + " answered " + response.statusCode());
		}
	}

	private void delete(String key) throws IOException, InterruptedException {
		Op op = this.history.begin(key, true, 0);
		HttpResponse<Void> response = send(HttpRequest.newBuilder(this.service.uri("/keys/" + key)).DELETE());
		if (response.statusCode() == 204) {
			op.answered(Op.Outcome.ACKNOWLEDGED, null);
		}
		else if (response.statusCode() == 404) {
			op.answered(Op.Outcome.NO_EFFECT, null);
		}
		else {
			this.unexpected.add(op + " answered " + response.statusCode());
		}
	}

	private void compact() throws IOException, InterruptedException {
		int status = send(
				HttpRequest.newBuilder(this.service.uri("/compact")).POST(HttpRequest.BodyPublishers.noBody()))
			.statusCode();
		if (status != 200 && status != 409) {
			this.unexpected.add("POST /compact answered " + status);
		}
	}

	private HttpResponse<Void> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.timeout(REQUEST_LIMIT).build(), HttpResponse.BodyHandlers.discarding());
	}

}
