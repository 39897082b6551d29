package dev.kvstore.web;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.kvstore.engine.StorageFullException;
import dev.kvstore.security.ProblemResponses;

/**
 * Answers a PUT or DELETE once the engine acknowledges the write, without the request's
 * thread waiting for the write's fsync.
 *
 * <p>
 * Why: on two cores, a request thread that parks until an fsync covers its write, and is
 * woken, cost the service about a quarter of its PUTs even with no disk at all; Spring
 * MVC's asynchronous requests cost more still, by dispatching each request a second time
 * to write its answer ({@code docs/benchmarks.md}). So the request goes asynchronous, its
 * thread returns to Tomcat, and the thread that completes the acknowledgement (the one
 * that led the fsync) writes the status and headers itself and completes the request,
 * through the {@link DeferredAnswerFilter}'s slot.
 */
@Component
class AcknowledgedAnswers {

	private static final Logger logger = LoggerFactory.getLogger(AcknowledgedAnswers.class);

	private final ProblemResponses problems;

	AcknowledgedAnswers(ProblemResponses problems) {
		this.problems = problems;
	}

	/**
	 * The answer to a write, now if its acknowledgement is complete (a failure is thrown,
	 * for {@link ProblemAdvice}); otherwise {@code null}, which leaves the response to be
	 * written once the acknowledgement completes.
	 */
	<T> ResponseEntity<Void> answer(HttpServletRequest request, CompletableFuture<T> acknowledgement,
			Function<T, ResponseEntity<Void>> answer) {
		DeferredAnswerFilter.Slot slot = (DeferredAnswerFilter.Slot) request.getAttribute(DeferredAnswerFilter.SLOT);
		if (acknowledgement.isDone() || slot == null || !request.isAsyncSupported()) {
			return answer.apply(join(acknowledgement));
		}
		AsyncContext context = request.startAsync();
		// The engine completes every acknowledgement, and an fsync has no timeout of its
		// own to race with.
		context.setTimeout(0);
		acknowledgement.whenComplete((value, failure) -> slot.answer(() -> send(context, value, failure, answer)));
		return null;
	}

	private <T> void send(AsyncContext context, T value, Throwable failure, Function<T, ResponseEntity<Void>> answer) {
		HttpServletResponse response = (HttpServletResponse) context.getResponse();
		try {
			if (failure == null) {
				ResponseEntity<Void> entity = answer.apply(value);
				response.setStatus(entity.getStatusCode().value());
				entity.getHeaders().forEach((name, values) -> values.forEach((each) -> response.addHeader(name, each)));
			}
			else if (cause(failure) instanceof StorageFullException full) {
				// The write found the disk full (with sync=always the fsync's leader may
				// be the one to find it): the same answer as the controller's own.
				logger.warn("Write refused: {}", full.getMessage());
				this.problems.write(response, HttpStatus.INSUFFICIENT_STORAGE, ProblemAdvice.STORAGE_FULL_TYPE,
						ProblemAdvice.STORAGE_FULL_TITLE, ProblemAdvice.STORAGE_FULL_DETAIL, null);
			}
			else {
				Throwable cause = cause(failure);
				logger.error("Storage failure: {}", cause.getMessage(), cause);
				response.setHeader(HttpHeaders.RETRY_AFTER, ProblemAdvice.STORAGE_RETRY_AFTER_SECONDS);
				this.problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, ProblemAdvice.STORAGE_UNAVAILABLE_TYPE,
						ProblemAdvice.STORAGE_UNAVAILABLE_TITLE, ProblemAdvice.STORAGE_UNAVAILABLE_DETAIL, null);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client is gone, or the answer could not be made: the request ends.
			logger.debug("Could not answer a write", ex);
		}
		finally {
			context.complete();
		}
	}

	private static Throwable cause(Throwable failure) {
		return (failure instanceof CompletionException) ? failure.getCause() : failure;
	}

	private static <T> T join(CompletableFuture<T> acknowledgement) {
		try {
			return acknowledgement.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
