package dev.kvstore.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A raw-socket client that sends part of a request and then one more byte every few
 * seconds, slower than the service's timeouts allow, until the service closes the
 * connection. Its result says whether it was cut off, and what it was answered.
 */
final class SlowClient {

	/**
	 * Longer than the service's timeouts in the test (10 s for headers, 5 s for a body):
	 * each pause alone is enough to be cut off. (Tomcat's timeouts are per read: a client
	 * that sends a byte before each runs out is bounded only by the header size limit,
	 * {@code max-connections} and, for a body, the admission limit.)
	 */
	private static final int PAUSE_MILLIS = 11_000;

	/** Safety net only: a client not cut off by then has failed. */
	private static final long GIVE_UP_MILLIS = 90_000;

	/**
	 * What happened.
	 *
	 * @param cutOff whether the service closed the connection
	 * @param answer what it sent before that (perhaps nothing)
	 */
	record Result(boolean cutOff, String answer) {

	}

	private SlowClient() {
	}

	/** Sends the start of a request line and headers, never their end. */
	static CompletableFuture<Result> slowHeaders(int port, String key) {
		return run(port, "PUT /keys/" + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
	}

	/** Sends whole headers, then a body far shorter than its Content-Length. */
	static CompletableFuture<Result> slowBody(int port, String key) {
		return run(port, "PUT /keys/" + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n0123456789");
	}

	private static CompletableFuture<Result> run(int port, String start) {
		return CompletableFuture.supplyAsync(() -> {
			StringBuilder answer = new StringBuilder();
			long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
			try (Socket socket = new Socket("127.0.0.1", port)) {
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				out.write(start.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				socket.setSoTimeout(PAUSE_MILLIS);
				byte[] buffer = new byte[4096];
				while (System.currentTimeMillis() < deadline) {
					try {
						int read = in.read(buffer);
						if (read < 0) {
							return new Result(true, answer.toString());
						}
						answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
					}
					catch (SocketTimeoutException ex) {
						out.write('x');
						out.flush();
					}
				}
				return new Result(false, answer.toString());
			}
			catch (IOException ex) {
				// reset or broken pipe: the service dropped the connection
				return new Result(true, answer + " (" + ex.getMessage() + ")");
			}
		}, (task) -> new Thread(task, "slow-client").start());
	}

}
