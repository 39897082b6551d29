package dev.kvstore.engine;

/** Another process (or another engine in this one) holds the data directory. */
public class DataDirectoryLockedException extends StorageException {

	public DataDirectoryLockedException(String message) {
		super(message);
	}

}
