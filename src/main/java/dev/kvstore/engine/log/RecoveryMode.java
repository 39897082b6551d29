package dev.kvstore.engine.log;

/** What the log engine does with damage it finds when it opens. */
public enum RecoveryMode {

	/**
	 * Refuse to open, naming the file and offset; only a torn tail of the newest write
	 * segment (a write cut short by a crash) is cut off.
	 */
	STRICT,

	/**
	 * Keep every record whose checksum holds, skip the rest (reported to the listener),
	 * and compact at once so the damaged files are gone.
	 */
	SALVAGE

}
