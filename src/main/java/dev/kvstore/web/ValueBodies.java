package dev.kvstore.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import dev.kvstore.engine.ValueTooLargeException;

/**
 * Reads the body of a PUT as a value, never more than the limit: a declared
 * {@code Content-Length} over the limit is refused before a byte is read, and a chunked
 * body is cut off as soon as it passes the limit.
 */
final class ValueBodies {

	private ValueBodies() {
	}

	static byte[] read(HttpServletRequest request, int maxValueBytes) throws IOException {
		// IOException stays declared for getInputStream(); reading errors become a 400
		// below.
		long declared = request.getContentLengthLong();
		if (declared > maxValueBytes) {
			throw new ValueTooLargeException(declared, maxValueBytes);
		}
		InputStream body = request.getInputStream();
		try {
			byte[] value = body.readNBytes((declared >= 0) ? (int) declared : maxValueBytes);
			if (declared >= 0 && value.length < declared) {
				throw new IncompleteBodyException("the body ended after " + value.length + " of the " + declared
						+ " bytes its Content-Length declares");
			}
			if (declared < 0 && value.length == maxValueBytes && body.read() != -1) {
				throw new ValueTooLargeException(maxValueBytes + 1L, maxValueBytes);
			}
			return value;
		}
		catch (IOException ex) {
			// The client went away or stalled mid-body: its request, not the server,
			// failed.
			throw new IncompleteBodyException("the body could not be read to its end");
		}
	}

	/**
	 * The body ended before its declared length, or could not be read; answered with 400.
	 */
	static class IncompleteBodyException extends RuntimeException {

		IncompleteBodyException(String message) {
			super(message);
		}

	}

}
