package dev.kvstore.engine.testing;

import java.io.IOException;

import dev.kvstore.engine.io.DiskFull;

/**
 * The free space a {@link FaultyIo} pretends to have: either plenty, none at all
 * ({@link #setFull}), or a budget of bytes that runs out. Writes it refuses fail with an
 * {@link IOException} that {@link DiskFull#is} recognises, as ENOSPC does.
 */
final class DiskSpace {

	private boolean full;

	private long budget = Long.MAX_VALUE;

	private long written;

	synchronized void setFull(boolean full) {
		this.full = full;
		if (!full) {
			this.budget = Long.MAX_VALUE;
		}
	}

	synchronized boolean isFull() {
		return this.full;
	}

	synchronized void setBudget(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("a budget of " + bytes + " bytes");
		}
		this.budget = bytes;
	}

	synchronized long written() {
		return this.written;
	}

	/**
	 * How many of {@code length} bytes may be written now: all of them when space is
	 * left; what fits in the budget when it runs out during this write (and the disk is
	 * full from then on); the partial prefix when the disk is already full.
	 */
	synchronized int allowed(int length, PartialWrite partial) {
		if (this.full) {
			return partial.prefixOf(length);
		}
		if (length > this.budget) {
			int fits = (int) this.budget;
			this.full = true;
			return fits;
		}
		return length;
	}

	/** Records bytes that reached a file, against the budget. */
	synchronized void consumed(int length) {
		this.written += length;
		if (this.budget != Long.MAX_VALUE) {
			this.budget -= Math.min(length, this.budget);
		}
	}

	/** Fails if the disk is full: creating a file or growing one needs space too. */
	synchronized void checkSpace(Object what) throws IOException {
		if (this.full) {
			throw diskFull(what);
		}
	}

	static IOException diskFull(Object what) {
		return new IOException(what + ": " + DiskFull.MESSAGE + " (injected)");
	}

}
