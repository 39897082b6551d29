package dev.kvstore.engine;

/**
 * A write failed because the disk is full. Nothing acknowledged is lost, and writes work
 * again once space comes back.
 */
public class StorageFullException extends StorageException {

	public StorageFullException(String message, Throwable cause) {
		super(message, cause);
	}

}
