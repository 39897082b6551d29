package dev.kvstore.e2e;

/**
 * One PUT or DELETE sent to the service, and what became of it. Its start is taken before
 * the request is sent and its end after the answer arrives, so an op that ended before
 * another started was applied before it.
 */
final class Op {

	/** What the client knows of an op. */
	enum Outcome {

		/** No answer: it may or may not have been applied (in flight at the kill). */
		IN_FLIGHT,

		/** Answered 2xx: it must survive. */
		ACKNOWLEDGED,

		/** A DELETE answered 404: it changed nothing. */
		NO_EFFECT

	}

	final long id;

	final String key;

	final boolean delete;

	final int size;

	final long start = System.nanoTime();

	private volatile long end = Long.MAX_VALUE;

	private volatile Outcome outcome = Outcome.IN_FLIGHT;

	private volatile String etag;

	Op(long id, String key, boolean delete, int size) {
		this.id = id;
		this.key = key;
		this.delete = delete;
		this.size = size;
	}

	void answered(Outcome outcome, String etag) {
		this.etag = etag;
		this.outcome = outcome;
		this.end = System.nanoTime();
	}

	long end() {
		return this.end;
	}

	Outcome outcome() {
		return this.outcome;
	}

	String etag() {
		return this.etag;
	}

	boolean acknowledged() {
		return this.outcome == Outcome.ACKNOWLEDGED;
	}

	/** Whether its effect could be the key's state: acknowledged or in flight. */
	boolean mayHaveApplied() {
		return this.outcome != Outcome.NO_EFFECT;
	}

	@Override
	public String toString() {
		return (this.delete ? "DELETE" : "PUT op" + this.id + " (" + this.size + " bytes)") + " of " + this.key + " "
				+ this.outcome + ((this.etag != null) ? " ETag " + this.etag : "");
	}

}
