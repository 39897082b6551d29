package dev.kvstore.engine;

/** A value is longer than the engine's limit. */
public class ValueTooLargeException extends IllegalArgumentException {

	private final long size;

	private final long limit;

	public ValueTooLargeException(long size, long limit) {
		super("value is " + size + " bytes long, the limit is " + limit);
		this.size = size;
		this.limit = limit;
	}

	public long size() {
		return this.size;
	}

	public long limit() {
		return this.limit;
	}

}
