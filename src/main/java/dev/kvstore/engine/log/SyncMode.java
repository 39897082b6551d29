package dev.kvstore.engine.log;

/** When the log engine forces appended records to the storage device. */
public enum SyncMode {

	/**
	 * Before a write returns: it survives a power loss. Concurrent writers share one
	 * fsync (group commit).
	 */
	ALWAYS,

	/**
	 * Every sync interval, in the background: a write survives a kill of the process at
	 * once, and a power loss once the next fsync has run.
	 */
	INTERVAL,

	/**
	 * Left to the operating system: a write survives a kill of the process, not a power
	 * loss.
	 */
	NEVER

}
