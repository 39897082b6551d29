package dev.kvstore.cli.bench;

import java.util.List;

/**
 * Every phase of one engine in a run.
 *
 * @param engine the engine's name
 * @param syncNote what the run's sync setting meant for it
 * @param phases PUT, GET and DELETE, in that order
 */
record EngineResult(String engine, String syncNote, List<PhaseResult> phases) {

	PhaseResult phase(Operation operation) {
		return this.phases.stream()
			.filter((phase) -> phase.operation() == operation)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no " + operation + " phase"));
	}

}
