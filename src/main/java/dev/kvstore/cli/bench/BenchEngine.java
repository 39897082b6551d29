package dev.kvstore.cli.bench;

import java.nio.file.Path;

/**
 * An engine the benchmark can run: ours are built in, reference engines (RocksDB, H2
 * MVStore) are found through {@link java.util.ServiceLoader} in the benchmark jar, so the
 * CLI jar carries none of their libraries.
 */
public interface BenchEngine {

	/** The name given to {@code --engine} and shown in the results. */
	String name();

	/**
	 * Opens a store in {@code directory}, which exists and is empty.
	 * @param sync the durability asked for
	 */
	BenchTarget open(Path directory, BenchSync sync) throws Exception;

	/** One line saying what {@code sync} means for this engine, for the report. */
	String describe(BenchSync sync);

}
