package dev.kvstore.engine.testing;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * One fault armed in a {@link FaultyIo}: which kind of call fails, from which matching
 * call on, and whether once or forever. A test keeps it to ask whether the fault was
 * reached (a replay loop stops once the armed index lies beyond the run) or to disarm it
 * alone.
 */
public final class ArmedFault {

	private final FaultKind kind;

	private final long nth;

	private final boolean forever;

	private final Predicate<Path> files;

	private long matchingCalls;

	private long timesFired;

	private boolean disarmed;

	ArmedFault(FaultKind kind, long nth, boolean forever, Predicate<Path> files) {
		if (nth < 1) {
			throw new IllegalArgumentException("calls are counted from 1, not " + nth);
		}
		this.kind = kind;
		this.nth = nth;
		this.forever = forever;
		this.files = files;
	}

	/** The kind of call this fault makes fail. */
	public FaultKind kind() {
		return this.kind;
	}

	/** Whether the armed call was reached and failed at least once. */
	public synchronized boolean hasFired() {
		return this.timesFired > 0;
	}

	/** How many calls this fault made fail. */
	public synchronized long timesFired() {
		return this.timesFired;
	}

	/** Calls of this kind on matching files seen since the fault was armed. */
	public synchronized long matchingCalls() {
		return this.matchingCalls;
	}

	/** Stops this fault from firing again, leaving other armed faults in place. */
	public synchronized void disarm() {
		this.disarmed = true;
	}

	/**
	 * Counts one call of this fault's kind and tells whether it must fail.
	 * @param paths the files the call touches; it matches if any of them does
	 */
	synchronized boolean fires(Path... paths) {
		if (this.disarmed || !matches(paths)) {
			return false;
		}
		this.matchingCalls++;
		boolean fires = this.forever ? this.matchingCalls >= this.nth : this.matchingCalls == this.nth;
		if (fires) {
			this.timesFired++;
		}
		return fires;
	}

	private boolean matches(Path... paths) {
		for (Path path : paths) {
			if (this.files.test(path)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.kind + (this.forever ? " from call " : " at call ") + this.nth + (this.forever ? " on" : " once");
	}

}
