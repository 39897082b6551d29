package dev.kvstore.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests a client library would tidy up first: paths
 * with dot segments sent verbatim, bodies shorter than their {@code Content-Length}.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a request with {@code Connection: close} and reads the answer.
	 * @param port the server's port on loopback
	 * @param method the method
	 * @param target the request target, sent as is
	 * @param headers more header lines, each without its line end
	 * @param body the bytes sent after the headers (not necessarily the declared length)
	 * @param closeOutput whether to half-close the connection after the body
	 * @return the answer, or {@code null} if the server closed the connection without one
	 */
	static Answer send(int port, String method, String target, String[] headers, byte[] body, boolean closeOutput)
			throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			StringBuilder head = new StringBuilder();
			head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(port).append("\r\n");
			head.append("Connection: close\r\n");
			for (String header : headers) {
				head.append(header).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			if (closeOutput) {
				socket.shutdownOutput();
			}
			byte[] answer = readAll(socket.getInputStream());
			return (answer.length == 0) ? null : Answer.parse(answer);
		}
	}

	static Answer send(int port, String method, String target, String... headers) throws IOException {
		return send(port, method, target, headers, new byte[0], false);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = in.read(buffer)) != -1) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (SocketException | SocketTimeoutException ex) {
			// a reset after the answer, or no answer at all: keep what arrived
		}
		return bytes.toByteArray();
	}

	/** A parsed answer: status, headers with lower-case names, and the body. */
	record Answer(int status, Map<String, String> headers, byte[] body) {

		static Answer parse(byte[] raw) {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String[] lines = head.split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
							lines[i].substring(colon + 1).strip());
				}
			}
			byte[] body = new byte[0];
			if (end >= 0) {
				body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
				if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
					body = dechunk(body);
				}
			}
			return new Answer(status, headers, body);
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int i = 0;
			while (i < chunked.length) {
				int lineEnd = indexOfCrLf(chunked, i);
				if (lineEnd < 0) {
					break;
				}
				String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
				int length = Integer.parseInt(size, 16);
				if (length == 0) {
					break;
				}
				out.write(chunked, lineEnd + 2, length);
				i = lineEnd + 2 + length + 2;
			}
			return out.toByteArray();
		}

		private static int indexOfCrLf(byte[] bytes, int from) {
			for (int i = from; i + 1 < bytes.length; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return -1;
		}

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
