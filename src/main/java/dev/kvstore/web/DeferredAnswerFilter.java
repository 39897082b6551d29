package dev.kvstore.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: gives each request a {@link Slot} in which an answer written by
 * another thread, after the request went asynchronous ({@link AcknowledgedAnswers}),
 * waits until this request's own thread has left every filter.
 *
 * <p>
 * Why: a response is not safe to share between threads, and the filters inside this one
 * still set headers (Spring Security's) after the controller returns. An answer that is
 * ready before then is written by the request's thread on its way out, here; one ready
 * later is written by the thread that completes the write, which the servlet API allows
 * once the request is asynchronous.
 */
class DeferredAnswerFilter extends OncePerRequestFilter {

	static final String SLOT = DeferredAnswerFilter.class.getName() + ".slot";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Slot slot = new Slot();
		request.setAttribute(SLOT, slot);
		try {
			chain.doFilter(request, response);
		}
		finally {
			slot.filtersDone();
		}
	}

	/**
	 * Where an answer meets the end of the request's filters: whichever comes second
	 * writes the answer, exactly once.
	 */
	static final class Slot {

		private static final Runnable FILTERS_DONE = () -> {
		};

		private final AtomicReference<Runnable> answer = new AtomicReference<>();

		/** Writes {@code answer} now if the filters are done, else when they are. */
		void answer(Runnable answer) {
			if (!this.answer.compareAndSet(null, answer)) {
				answer.run();
			}
		}

		void filtersDone() {
			Runnable ready = this.answer.getAndSet(FILTERS_DONE);
			if (ready != null) {
				ready.run();
			}
		}

	}

}
