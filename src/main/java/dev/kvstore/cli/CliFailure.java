package dev.kvstore.cli;

/**
 * A command that could not be done, with the message for stderr and the exit status.
 * Thrown from anywhere below a command and turned into output in exactly one place
 * ({@link KvCli}'s handler, or the menu's loop), so commands stay straight-line code.
 */
final class CliFailure extends RuntimeException {

	private final int exitCode;

	CliFailure(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	CliFailure(int exitCode, String message, Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
	}

	static CliFailure usage(String message) {
		return new CliFailure(ExitCodes.USAGE, message);
	}

	static CliFailure unreachable(String url, Throwable cause) {
		return new CliFailure(ExitCodes.UNAVAILABLE, "kvstore is not reachable at " + url
				+ ": start it with ./mvnw spring-boot:run or java -jar target/kvstore.jar", cause);
	}

	int exitCode() {
		return this.exitCode;
	}

}
