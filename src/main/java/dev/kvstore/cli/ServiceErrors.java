package dev.kvstore.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns an error answer of the service into a {@link CliFailure}: the problem detail's
 * title and detail become the message, the status becomes the exit code as
 * {@link ExitCodes} documents it.
 */
final class ServiceErrors {

	private ServiceErrors() {
	}

	/**
	 * The failure for an error answer.
	 * @param status the HTTP status
	 * @param body the answer's body, a problem detail if it came from kvstore
	 * @param keyRequest whether the request named a key, so that 404 means "no such key"
	 * rather than "not a kvstore service"
	 */
	static CliFailure failure(int status, byte[] body, boolean keyRequest) {
		String message = message(status, body);
		if (status == 404 && !keyRequest) {
			return new CliFailure(ExitCodes.UNAVAILABLE, message + " (is this a kvstore service?)");
		}
		return new CliFailure(exitCode(status), message);
	}

	static int exitCode(int status) {
		if (status == 404) {
			return ExitCodes.NOT_FOUND;
		}
		if (status == 408 || status == 409 || status == 429) {
			return ExitCodes.UNAVAILABLE;
		}
		if (status >= 400 && status < 500) {
			return ExitCodes.USAGE;
		}
		return ExitCodes.UNAVAILABLE;
	}

	private static String message(int status, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8).trim();
		try {
			if (Json.parse(text) instanceof Map<?, ?> problem && problem.get("title") != null) {
				Object detail = problem.get("detail");
				return problem.get("title") + ((detail != null) ? ": " + detail : "") + " (HTTP " + status + ")";
			}
		}
		catch (IllegalArgumentException ex) {
			// not a problem detail: fall through
		}
		return "the service answered HTTP " + status;
	}

}
