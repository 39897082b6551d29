package dev.kvstore.engine.io;

import java.io.IOException;

/**
 * Tells a full disk apart from other I/O failures: the JDK reports ENOSPC only as an
 * {@link IOException} whose message is the operating system's text.
 */
public final class DiskFull {

	/** The message Linux and macOS give for ENOSPC; fault-injecting tests use it too. */
	public static final String MESSAGE = "No space left on device";

	private DiskFull() {
	}

	/** Whether {@code ex}, or one of its causes, says the disk is full. */
	public static boolean is(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			String message = t.getMessage();
			if (message != null && (message.contains(MESSAGE) || message.contains("There is not enough space"))) {
				return true;
			}
		}
		return false;
	}

}
