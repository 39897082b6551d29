package dev.kvstore.cli.bench;

/** The phases of a run, in the order they run on each engine. */
enum Operation {

	PUT, GET, DELETE

}
