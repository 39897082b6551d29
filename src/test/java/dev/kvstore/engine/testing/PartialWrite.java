package dev.kvstore.engine.testing;

/**
 * How much of a failing write reaches the file before the error. A real write interrupted
 * by a full disk or an I/O error may have stored a prefix of its bytes; an engine must
 * not take that prefix for a record.
 */
public enum PartialWrite {

	/** Nothing of the failing write reaches the file. */
	NONE,

	/** The first half (rounded down) of the failing write's bytes reaches the file. */
	HALF;

	int prefixOf(int length) {
		return (this == HALF) ? length / 2 : 0;
	}

}
