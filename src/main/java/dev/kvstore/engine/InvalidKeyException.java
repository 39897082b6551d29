package dev.kvstore.engine;

/** A key breaks one of the {@link KeyRules}; the message says which. */
public class InvalidKeyException extends IllegalArgumentException {

	public InvalidKeyException(String message) {
		super(message);
	}

}
