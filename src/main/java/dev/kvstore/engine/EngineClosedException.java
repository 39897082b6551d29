package dev.kvstore.engine;

/** A call on an engine that has been closed. */
public class EngineClosedException extends IllegalStateException {

	public EngineClosedException(String engine) {
		super("the " + engine + " engine is closed");
	}

}
