package dev.kvstore.engine;

/**
 * The engine could not read or write its files. Whatever was acknowledged before is still
 * safe; the operation that threw may or may not have taken effect.
 */
public class StorageException extends RuntimeException {

	public StorageException(String message, Throwable cause) {
		super(message, cause);
	}

	public StorageException(String message) {
		super(message);
	}

}
