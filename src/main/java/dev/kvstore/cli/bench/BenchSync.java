package dev.kvstore.cli.bench;

/**
 * The durability asked of every engine in a run: {@code always} forces each write to disk
 * before it returns, {@code never} leaves it to the operating system. Each engine maps it
 * to its own setting; one without files (memory) ignores it.
 */
public enum BenchSync {

	ALWAYS, NEVER;

	/** The name as typed on the command line and written in the results. */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
