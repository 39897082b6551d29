package dev.kvstore.cli;

/**
 * The CLI's exit statuses, fixed by the public contract so that scripts can branch on
 * them: a missing key is an answer, not a failure of the tool; a request the service
 * refuses as given is the caller's to fix; an unreachable or failing service is worth a
 * retry later.
 */
final class ExitCodes {

	/** Done. */
	static final int OK = 0;

	/** The key has no value. */
	static final int NOT_FOUND = 1;

	/**
	 * Bad usage: bad options or arguments, and every request the service refuses as given
	 * (400 bad key, 401, 403, 412, 413 and other 4xx except 404, 408, 409, 429).
	 */
	static final int USAGE = 2;

	/**
	 * The service is unreachable, failed (5xx), or is busy (408, 409 compaction running,
	 * 429): trying again later may succeed.
	 */
	static final int UNAVAILABLE = 3;

	private ExitCodes() {
	}

}
