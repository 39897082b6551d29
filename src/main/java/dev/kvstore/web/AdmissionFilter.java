package dev.kvstore.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kvstore.security.ProblemResponses;

/**
 * Admits a request only while the work in flight stays under the limits: a number of
 * requests, and the bytes of their bodies. Anything over gets {@code 503} with
 * {@code Retry-After} and an {@code overloaded} problem detail at once, before a byte of
 * its body is read, so memory stays bounded however many clients push at once.
 * {@code /actuator/health} is never refused, so a load balancer still sees the service.
 *
 * <p>
 * A semaphore with {@code tryAcquire} rather than a queue: waiting inside the service
 * would hold a thread and a connection per waiter, which is what overload must not do;
 * the client waits instead, as {@code Retry-After} tells it. The body budget is charged
 * with the declared {@code Content-Length} before the body is read (reading it to count
 * it would be the buffering this prevents); a chunked body may be as long as the largest
 * value, so it is charged that much. One request is never charged more than the whole
 * budget, so a lone large body is always admitted.
 */
class AdmissionFilter extends OncePerRequestFilter {

	private final Semaphore requests;

	private final long bodyBudget;

	private final AtomicLong bodyBytes = new AtomicLong();

	private final long maxValueBytes;

	private final String retryAfterSeconds;

	private final ProblemResponses problems;

	AdmissionFilter(int maxRequests, long bodyBudget, long maxValueBytes, long retryAfterSeconds,
			ProblemResponses problems) {
		this.requests = new Semaphore(maxRequests);
		this.bodyBudget = bodyBudget;
		this.maxValueBytes = maxValueBytes;
		this.retryAfterSeconds = Long.toString(Math.max(1, retryAfterSeconds));
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.requests.tryAcquire()) {
			refuse(response, "too many requests in flight");
			return;
		}
		boolean answered = true;
		try {
			long charge = Math.min(declaredBodyBytes(request), this.bodyBudget);
			if (!reserve(charge)) {
				refuse(response, "too many request body bytes in flight");
				return;
			}
			try {
				chain.doFilter(request, response);
			}
			finally {
				// The body has been read: its bytes are no longer held.
				this.bodyBytes.addAndGet(-charge);
			}
			if (request.isAsyncStarted()) {
				// A write waiting for its fsync is still in flight until it is answered.
				request.getAsyncContext().addListener(new ReleaseWhenDone());
				answered = false;
			}
		}
		finally {
			if (answered) {
				this.requests.release();
			}
		}
	}

	/** Gives back an asynchronous request's place once it ends, however it ends. */
	private final class ReleaseWhenDone implements AsyncListener {

		private final AtomicBoolean released = new AtomicBoolean();

		@Override
		public void onComplete(AsyncEvent event) {
			release();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			release();
		}

		@Override
		public void onError(AsyncEvent event) {
			release();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void release() {
			if (this.released.compareAndSet(false, true)) {
				AdmissionFilter.this.requests.release();
			}
		}

	}

	private long declaredBodyBytes(HttpServletRequest request) {
		long declared = request.getContentLengthLong();
		if (declared >= 0) {
			// A body declared longer than a value is refused with 413 before it is read.
			return Math.min(declared, this.maxValueBytes);
		}
		return (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) ? this.maxValueBytes : 0;
	}

	private boolean reserve(long charge) {
		while (true) {
			long current = this.bodyBytes.get();
			if (charge > 0 && current + charge > this.bodyBudget) {
				return false;
			}
			if (this.bodyBytes.compareAndSet(current, current + charge)) {
				return true;
			}
		}
	}

	private void refuse(HttpServletResponse response, String detail) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		this.problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded",
				detail + "; retry after " + this.retryAfterSeconds + " s", null);
	}

}
