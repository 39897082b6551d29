package dev.kvstore.engine;

/** {@link StorageEngine#compact()} was called while another compaction was running. */
public class CompactionInProgressException extends RuntimeException {

	public CompactionInProgressException() {
		super("a compaction is already running");
	}

}
