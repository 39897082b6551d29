package dev.kvstore.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.kvstore.security.ProblemResponses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The admission filter's accounting. A request is held in flight by letting its filter
 * chain send the next request through the same filter.
 */
class AdmissionFilterTest {

	private static final ProblemResponses problems = new ProblemResponses(JsonMapper.builder().build());

	@Test
	void requestOverTheConcurrencyLimitGets503WithRetryAfterAndAProblem() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(1, 1000, 100, 1, problems);
		MockHttpServletResponse second = whileInFlight(filter, put(0), put(0));
		assertThat(second.getStatus()).isEqualTo(503);
		assertThat(second.getHeader("Retry-After")).isEqualTo("1");
		assertThat(second.getContentType()).isEqualTo("application/problem+json");
		assertThat(second.getContentAsString()).contains("urn:kvstore:problem:overloaded");
	}

	@Test
	void healthCheckIsAdmittedWhenTheLimitIsReached() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(1, 1000, 100, 1, problems);
		MockHttpServletRequest health = new MockHttpServletRequest("GET", "/actuator/health");
		assertThat(whileInFlight(filter, put(0), health).getStatus()).isEqualTo(200);
	}

	@Test
	void declaredBodiesOverTheBudgetGet503() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(10, 100, 100, 1, problems);
		assertThat(whileInFlight(filter, put(60), put(60)).getStatus()).isEqualTo(503);
		assertThat(whileInFlight(filter, put(60), put(40)).getStatus()).isEqualTo(200);
	}

	@Test
	void chunkedBodyCountsAsTheLargestValue() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(10, 100, 80, 1, problems);
		MockHttpServletRequest chunked = new MockHttpServletRequest("PUT", "/keys/a");
		chunked.addHeader("Transfer-Encoding", "chunked");
		assertThat(whileInFlight(filter, chunked, put(30)).getStatus()).isEqualTo(503);
		assertThat(whileInFlight(filter, chunked, put(20)).getStatus()).isEqualTo(200);
	}

	@Test
	void loneBodyLargerThanTheBudgetIsAdmitted() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(10, 100, 1000, 1, problems);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(put(500), response, (request, ignored) -> ((HttpServletResponse) ignored).setStatus(204));
		assertThat(response.getStatus()).isEqualTo(204);
	}

	@Test
	void slotAndBytesAreGivenBackWhenTheRequestFails() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(1, 100, 100, 1, problems);
		FilterChain failing = (request, response) -> {
			throw new IllegalStateException("failed");
		};
		assertThatIllegalStateException()
			.isThrownBy(() -> filter.doFilter(put(100), new MockHttpServletResponse(), failing));
		MockHttpServletResponse next = new MockHttpServletResponse();
		filter.doFilter(put(100), next, (request, response) -> ((HttpServletResponse) response).setStatus(204));
		assertThat(next.getStatus()).isEqualTo(204);
	}

	@Test
	void anAsynchronousRequestKeepsItsPlaceUntilItIsAnswered() throws Exception {
		AdmissionFilter filter = new AdmissionFilter(1, 100, 100, 1, problems);
		MockHttpServletRequest waiting = put(10);
		waiting.setAsyncSupported(true);
		filter.doFilter(waiting, new MockHttpServletResponse(), (request, response) -> request.startAsync());
		MockHttpServletResponse meanwhile = new MockHttpServletResponse();
		filter.doFilter(put(10), meanwhile, (request, response) -> ((HttpServletResponse) response).setStatus(204));
		assertThat(meanwhile.getStatus()).as("the first is still in flight").isEqualTo(503);
		waiting.getAsyncContext().complete();
		MockHttpServletResponse after = new MockHttpServletResponse();
		filter.doFilter(put(10), after, (request, response) -> ((HttpServletResponse) response).setStatus(204));
		assertThat(after.getStatus()).isEqualTo(204);
	}

	private static MockHttpServletRequest put(int bodyBytes) {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/keys/a");
		request.setContent(new byte[bodyBytes]);
		return request;
	}

	/** Sends {@code second} through the filter while {@code first} is in flight. */
	private static MockHttpServletResponse whileInFlight(AdmissionFilter filter, MockHttpServletRequest first,
			MockHttpServletRequest second) throws Exception {
		MockHttpServletResponse secondResponse = new MockHttpServletResponse();
		filter.doFilter(first, new MockHttpServletResponse(),
				(request, response) -> filter.doFilter(second, secondResponse, (inner, answer) -> {
				}));
		return secondResponse;
	}

}
