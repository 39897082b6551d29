package dev.kvstore.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details with kvstore's problem types: URNs such as
 * {@code urn:kvstore:problem:invalid-key}, listed in {@code docs/api.md}.
 */
final class Problems {

	private Problems() {
	}

	static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:kvstore:problem:" + type));
		problem.setTitle(title);
		return problem;
	}

}
