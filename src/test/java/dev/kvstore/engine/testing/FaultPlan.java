package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The faults armed in a {@link FaultyIo} and the count of calls of each kind. Every call
 * of the seam passes through {@link #check} before it touches the disk, so a failing call
 * has no effect (apart from a partial write, which the caller arranges itself).
 */
final class FaultPlan {

	private final Map<FaultKind, Long> calls = new EnumMap<>(FaultKind.class);

	private final List<ArmedFault> armed = new ArrayList<>();

	synchronized ArmedFault arm(FaultKind kind, long nth, boolean forever, Predicate<Path> files) {
		ArmedFault fault = new ArmedFault(kind, nth, forever, files);
		this.armed.add(fault);
		return fault;
	}

	synchronized void clear() {
		this.armed.forEach(ArmedFault::disarm);
		this.armed.clear();
	}

	synchronized long calls(FaultKind kind) {
		return this.calls.getOrDefault(kind, 0L);
	}

	synchronized void resetCalls() {
		this.calls.clear();
	}

	/**
	 * Counts one call of {@code kind} on {@code paths}.
	 * @return the exception the call must fail with, or {@code null} if it goes ahead
	 */
	synchronized IOException check(FaultKind kind, Path... paths) {
		long call = this.calls.merge(kind, 1L, Long::sum);
		IOException fault = null;
		// Every armed fault counts the call, even when an earlier one already fires.
		for (ArmedFault armedFault : this.armed) {
			if (armedFault.kind() == kind && armedFault.fires(paths) && fault == null) {
				fault = new IOException("injected fault: " + kind + " call " + call + " on " + describe(paths) + " ("
						+ armedFault + ")");
			}
		}
		return fault;
	}

	/** Like {@link #check} but throws the fault. */
	void failIfArmed(FaultKind kind, Path... paths) throws IOException {
		IOException fault = check(kind, paths);
		if (fault != null) {
			throw fault;
		}
	}

	private static String describe(Path... paths) {
		return (paths.length == 1) ? String.valueOf(paths[0]) : List.of(paths).toString();
	}

}
