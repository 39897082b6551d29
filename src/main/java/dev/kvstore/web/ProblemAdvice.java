package dev.kvstore.web;

import java.net.URI;
import java.util.Locale;

import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.kvstore.engine.CompactionInProgressException;
import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.EngineClosedException;
import dev.kvstore.engine.InvalidKeyException;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.StorageFullException;
import dev.kvstore.engine.ValueTooLargeException;

/**
 * Maps every failure to an {@code application/problem+json} answer (RFC 9457). Spring
 * MVC's own exceptions (405, 415, bad parameters, unknown paths) are handled by the
 * superclass, which also answers with problem details. The detail never holds a stack
 * trace or a path of the server's file system: storage errors are logged in full and
 * answered in general terms.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final String BLANK_TYPE = "about:blank";

	private static final Logger logger = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler(InvalidKeyException.class)
	ResponseEntity<ProblemDetail> invalidKey(InvalidKeyException ex) {
		return answer(Problems.of(HttpStatus.BAD_REQUEST, "invalid-key", "Invalid key", ex.getMessage()));
	}

	@ExceptionHandler({ BadConditionalRequestException.class, KeyListController.BadListRequestException.class,
			ValueBodies.IncompleteBodyException.class })
	ResponseEntity<ProblemDetail> badRequest(RuntimeException ex) {
		return answer(Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", ex.getMessage()));
	}

	@ExceptionHandler(KeyNotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(KeyNotFoundException ex) {
		return answer(Problems.of(HttpStatus.NOT_FOUND, "key-not-found", "Key not found", ex.getMessage()));
	}

	@ExceptionHandler(PreconditionFailedException.class)
	ResponseEntity<ProblemDetail> preconditionFailed(PreconditionFailedException ex) {
		return answer(Problems.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
				ex.getMessage()));
	}

	@ExceptionHandler(ValueTooLargeException.class)
	ResponseEntity<ProblemDetail> valueTooLarge(ValueTooLargeException ex) {
		return answer(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "value-too-large", "Value too large", ex.getMessage()));
	}

	@ExceptionHandler(CompactionInProgressException.class)
	ResponseEntity<ProblemDetail> compactionRunning(CompactionInProgressException ex) {
		return answer(
				Problems.of(HttpStatus.CONFLICT, "compaction-in-progress", "Compaction in progress", ex.getMessage()));
	}

	@ExceptionHandler(StorageFullException.class)
	ResponseEntity<ProblemDetail> storageFull(StorageFullException ex) {
		logger.warn("Write refused: {}", ex.getMessage());
		return answer(Problems.of(HttpStatus.INSUFFICIENT_STORAGE, STORAGE_FULL_TYPE, STORAGE_FULL_TITLE,
				STORAGE_FULL_DETAIL));
	}

	// The answer to a full disk, also written by AcknowledgedAnswers.

	static final String STORAGE_FULL_TYPE = "storage-full";

	static final String STORAGE_FULL_TITLE = "Storage full";

	static final String STORAGE_FULL_DETAIL = "the disk is full; nothing acknowledged was lost, and writes resume when space is freed";

	@ExceptionHandler(CorruptionException.class)
	ResponseEntity<ProblemDetail> corruption(CorruptionException ex) {
		logger.error("Damaged data: {}", ex.getMessage());
		return answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "data-damaged", "Stored data is damaged",
				"the stored record failed its checksum; the operator's log names the file"));
	}

	// The answer to a failed engine, also written by AcknowledgedAnswers.

	static final String STORAGE_UNAVAILABLE_TYPE = "storage-unavailable";

	static final String STORAGE_UNAVAILABLE_TITLE = "Storage unavailable";

	static final String STORAGE_UNAVAILABLE_DETAIL = "the storage engine could not complete the request; see the service's log";

	static final String STORAGE_RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler(StorageException.class)
	ResponseEntity<ProblemDetail> storageFailure(StorageException ex) {
		logger.error("Storage failure: {}", ex.getMessage(), ex);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, STORAGE_RETRY_AFTER_SECONDS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE_TYPE, STORAGE_UNAVAILABLE_TITLE,
					STORAGE_UNAVAILABLE_DETAIL));
	}

	@ExceptionHandler(EngineClosedException.class)
	ResponseEntity<ProblemDetail> shuttingDown(EngineClosedException ex) {
		logger.warn("Request refused: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
					"the service is shutting down"));
	}

	/**
	 * The client stopped sending its body for longer than
	 * {@code kv.limits.body-read-timeout}, or went away: its problem, not the service's,
	 * so no stack trace in the log.
	 */
	@ExceptionHandler(ClientAbortException.class)
	ResponseEntity<ProblemDetail> clientGone(ClientAbortException ex) {
		logger.info("Request abandoned by its client: {}", ex.getMessage());
		return answer(Problems.of(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout",
				"the request body did not arrive in time"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		logger.error("Unexpected failure", ex);
		return answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"the request failed unexpectedly; see the service's log"));
	}

	/**
	 * Spring MVC's own problem details (405, 415, a parameter of the wrong type, an
	 * unknown path) come without a {@code type}; give them one of kvstore's, named after
	 * the status, so that every error has the members CONTRACT.md §3 promises.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || BLANK_TYPE.equals(problem.getType().toString()))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			String name = (status != null) ? status.getReasonPhrase() : "error";
			problem.setType(URI.create("urn:kvstore:problem:" + name.toLowerCase(Locale.ROOT).replace(' ', '-')));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
