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
		long declared = request.getContentLengthLong();
		if (declared > maxValueBytes) {
			throw new ValueTooLargeException(declared, maxValueBytes);
		}
		InputStream body = request.getInputStream();
		byte[] value = body.readNBytes((declared >= 0) ? (int) declared : maxValueBytes);
		if (declared >= 0 && value.length < declared) {
			throw new IncompleteBodyException(value.length, declared);
		}
		if (declared < 0 && value.length == maxValueBytes && body.read() != -1) {
			throw new ValueTooLargeException(maxValueBytes + 1L, maxValueBytes);
		}
		return value;
	}

	/** The body ended before its declared length; answered with 400. */
	static class IncompleteBodyException extends RuntimeException {

		IncompleteBodyException(long read, long declared) {
			super("the body ended after " + read + " of the " + declared + " bytes its Content-Length declares");
		}

	}

}
