package dev.kvstore.engine;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks shared out by key hash: writes of one key are serialized, writes
 * of different keys mostly run in parallel, and memory does not grow with the keys.
 */
public final class StripedLocks {

	private final ReentrantLock[] locks;

	public StripedLocks(int stripes) {
		this.locks = new ReentrantLock[stripes];
		for (int i = 0; i < stripes; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/** The lock that guards every write of {@code key}. */
	public ReentrantLock lockFor(byte[] key) {
		return this.locks[Math.floorMod(Arrays.hashCode(key), this.locks.length)];
	}

}
