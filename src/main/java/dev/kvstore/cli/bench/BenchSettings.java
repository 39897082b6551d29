package dev.kvstore.cli.bench;

/**
 * What one run does to every engine.
 *
 * @param operations distinct keys, each put, read and deleted once
 * @param valueSize bytes of each value
 * @param threads how many threads share each phase
 * @param sync the durability asked for
 * @param warmup keys put, read and deleted on each engine before the timed phases, so
 * that the engine that runs first is not the only one measured with cold code
 */
record BenchSettings(int operations, int valueSize, int threads, BenchSync sync, int warmup) {

}
