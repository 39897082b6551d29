package dev.kvstore.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * A key's state as {@code GET} reads it: its value and ETag, or absent.
 *
 * @param value the value, {@code null} if the key is absent
 * @param etag its ETag, {@code null} if absent
 */
record StoredValue(byte[] value, String etag) {

	static StoredValue read(HttpClient client, ServiceProcess service, String key)
			throws IOException, InterruptedException {
		HttpResponse<byte[]> response = client.send(
				HttpRequest.newBuilder(service.uri("/keys/" + key)).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		return switch (response.statusCode()) {
			case 200 -> new StoredValue(response.body(), response.headers().firstValue("ETag").orElseThrow());
			case 404 -> new StoredValue(null, null);
			default -> throw new IllegalStateException("GET of " + key + " answered " + response.statusCode());
		};
	}

	boolean sameAs(StoredValue other) {
		return Arrays.equals(this.value, other.value) && java.util.Objects.equals(this.etag, other.etag);
	}

	@Override
	public String toString() {
		return (this.value == null) ? "absent"
				: this.value.length + " bytes of op" + Values.opIdOf(this.value) + " under ETag " + this.etag;
	}

}
