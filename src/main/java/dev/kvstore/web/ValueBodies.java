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
		// A client that stalls or goes away mid-body makes the read throw Tomcat's
		// ClientAbortException, which ProblemAdvice answers (408) without a stack trace.
		InputStream body = request.getInputStream();
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

	/**
	 * The body ended before its declared length, answered with 400.
	 */
	static class IncompleteBodyException extends RuntimeException {

		IncompleteBodyException(String message) {
			super(message);
		}

	}

}
