package dev.kvstore.web;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.servlet.AsyncContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.StorageFullException;
import dev.kvstore.security.ProblemResponses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes answered after their acknowledgement: never before it completes, never while the
 * request's own thread is still inside the filters, and a failed write as a problem.
 */
class AcknowledgedAnswersTest {

	private final AcknowledgedAnswers answers = new AcknowledgedAnswers(
			new ProblemResponses(JsonMapper.builder().build()));

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	/** As a container's request, whose {@code startAsync()} keeps the response. */
	private final MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/keys/a") {

		@Override
		public AsyncContext startAsync() {
			return startAsync(this, AcknowledgedAnswersTest.this.response);
		}

	};

	private final DeferredAnswerFilter.Slot slot = new DeferredAnswerFilter.Slot();

	AcknowledgedAnswersTest() {
		this.request.setAsyncSupported(true);
		this.request.setAttribute(DeferredAnswerFilter.SLOT, this.slot);
	}

	@Test
	void aCompleteAcknowledgementIsAnsweredAtOnce() {
		ResponseEntity<Void> answer = this.answers.answer(this.request, CompletableFuture.completedFuture(7L),
				AcknowledgedAnswersTest::created);
		assertThat(answer.getStatusCode().value()).isEqualTo(201);
		assertThat(this.request.isAsyncStarted()).isFalse();
	}

	@Test
	void aFailedAcknowledgementThatIsCompleteIsThrownForTheAdvice() {
		CompletableFuture<Long> failed = CompletableFuture.failedFuture(new StorageException("disk gone"));
		assertThatThrownBy(() -> this.answers.answer(this.request, failed, AcknowledgedAnswersTest::created))
			.isInstanceOf(StorageException.class);
	}

	@Test
	void aPendingWriteIsAnsweredOnlyOnceAcknowledgedAndOnceTheFiltersAreDone() {
		CompletableFuture<Long> acknowledgement = new CompletableFuture<>();
		assertThat(this.answers.answer(this.request, acknowledgement, AcknowledgedAnswersTest::created)).isNull();
		assertThat(this.request.isAsyncStarted()).isTrue();
		acknowledgement.complete(7L);
		assertThat(this.response.getHeader("ETag")).as("the filters may still touch the response").isNull();
		this.slot.filtersDone();
		assertThat(this.response.getStatus()).isEqualTo(201);
		assertThat(this.response.getHeader("ETag")).isEqualTo("\"7\"");
		assertThat(this.response.getHeader("Location")).isEqualTo("/keys/a");
		assertThat(this.request.isAsyncStarted()).as("completed").isFalse();
	}

	@Test
	void anAcknowledgementAfterTheFiltersIsAnsweredByItsOwnThread() {
		CompletableFuture<Long> acknowledgement = new CompletableFuture<>();
		this.answers.answer(this.request, acknowledgement, AcknowledgedAnswersTest::created);
		this.slot.filtersDone();
		assertThat(this.request.isAsyncStarted()).as("no answer before the acknowledgement").isTrue();
		assertThat(this.response.getHeader("ETag")).isNull();
		acknowledgement.complete(8L);
		assertThat(this.response.getStatus()).isEqualTo(201);
		assertThat(this.response.getHeader("ETag")).isEqualTo("\"8\"");
		assertThat(this.request.isAsyncStarted()).isFalse();
	}

	@Test
	void aWriteThatCannotBeMadeDurableIsAnsweredWith503AndAProblem() throws Exception {
		CompletableFuture<Long> acknowledgement = new CompletableFuture<>();
		this.answers.answer(this.request, acknowledgement, AcknowledgedAnswersTest::created);
		this.slot.filtersDone();
		acknowledgement.completeExceptionally(new StorageException("forcing the segment failed"));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("5");
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getContentAsString()).contains("urn:kvstore:problem:storage-unavailable");
		assertThat(this.response.getHeader("ETag")).isNull();
		assertThat(this.request.isAsyncStarted()).isFalse();
	}

	@Test
	void aWriteThatFindsTheDiskFullIsAnsweredWith507AsWhenItFailsAtOnce() throws Exception {
		CompletableFuture<Long> acknowledgement = new CompletableFuture<>();
		this.answers.answer(this.request, acknowledgement, AcknowledgedAnswersTest::created);
		this.slot.filtersDone();
		acknowledgement.completeExceptionally(new CompletionException(new StorageFullException("disk full", null)));
		assertThat(this.response.getStatus()).isEqualTo(507);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getContentAsString()).contains("urn:kvstore:problem:storage-full");
		assertThat(this.response.getHeader("ETag")).isNull();
		assertThat(this.request.isAsyncStarted()).isFalse();
	}

	private static ResponseEntity<Void> created(Long version) {
		return ResponseEntity.created(URI.create("/keys/a")).eTag(EntityTags.of(version)).build();
	}

}
