package dev.kvstore.engine;

/** A conditional write did not apply because its {@link Precondition} does not hold. */
public class PreconditionFailedException extends RuntimeException {

	public PreconditionFailedException(String message) {
		super(message);
	}

}
