package dev.kvstore.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes a problem detail straight to a response, for the failures that happen before a
 * controller is reached (authentication, authorization, rejected URLs) and for writes
 * answered after the controller returned ({@code AcknowledgedAnswers}). A bean in every
 * profile, as the controllers that use it are.
 */
@Component
public class ProblemResponses {

	private final JsonMapper mapper;

	public ProblemResponses(JsonMapper mapper) {
		this.mapper = mapper;
	}

	public void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail,
			String challenge) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:kvstore:problem:" + type);
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		this.mapper.writeValue(response.getOutputStream(), problem);
	}

}
