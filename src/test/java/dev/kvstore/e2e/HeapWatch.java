package dev.kvstore.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap high-water mark of the service, from two sources: the heap in use before each
 * collection, in its GC log ({@code -Xlog:gc:file=...}), and the {@code jvm.memory.used}
 * meter of the heap, sampled while the watch runs (samples the service refuses while
 * overloaded are skipped).
 */
final class HeapWatch {

	private static final Pattern COLLECTION = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

	private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.E+]+)");

	private final AtomicLong sampledHighWater = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread sampler;

	HeapWatch(ServiceProcess service) {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(service.uri("/actuator/metrics/jvm.memory.used?tag=area:heap"))
			.timeout(Duration.ofSeconds(30))
			.build();
		this.sampler = new Thread(() -> {
			while (this.running.get()) {
				try {
					HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
					Matcher matcher = VALUE.matcher(response.body());
					if (response.statusCode() == 200 && matcher.find()) {
						this.sampledHighWater.accumulateAndGet((long) Double.parseDouble(matcher.group(1)), Math::max);
					}
					Thread.sleep(100);
				}
				catch (IOException ex) {
					// refused or busy: the next sample will do
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "heap-sampler");
		this.sampler.start();
	}

	void stop() throws InterruptedException {
		this.running.set(false);
		this.sampler.join(60_000);
	}

	long sampledHighWaterBytes() {
		return this.sampledHighWater.get();
	}

	/**
	 * The most heap still in use after any collection of the log, in bytes (an upper
	 * bound of what the service held on to: a young collection leaves the old
	 * generation's garbage in place).
	 */
	static long afterCollectionHighWaterBytes(Path gcLog) throws IOException {
		Matcher matcher = COLLECTION.matcher(Files.readString(gcLog, StandardCharsets.UTF_8));
		long highWater = 0;
		while (matcher.find()) {
			highWater = Math.max(highWater, Long.parseLong(matcher.group(2)));
		}
		return highWater * 1024 * 1024;
	}

	/** How many collections the log holds. */
	static long collections(Path gcLog) throws IOException {
		return COLLECTION.matcher(Files.readString(gcLog, StandardCharsets.UTF_8)).results().count();
	}

}
