package dev.kvstore.engine.log;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.WriteResult;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a store may hold after faults: for each key the states it may be in (a write that
 * threw may or may not have taken effect; {@code null} stands for absent), and the
 * version of each acknowledged value. Not thread-safe: one ledger per writer.
 */
final class Ledger {

	private final Map<String, Set<String>> allowed = new TreeMap<>();

	private final Map<String, Long> versions = new HashMap<>();

	private int failures;

	private StorageException lastFailure;

	/** Puts and records the outcome; returns whether the put was acknowledged. */
	boolean put(StorageEngine engine, String key, String value) {
		try {
			WriteResult result = engine.put(bytes(key), bytes(value));
			settle(key, value);
			this.versions.put(key, result.version());
			return true;
		}
		catch (StorageException ex) {
			uncertain(key, value, ex);
			return false;
		}
	}

	/** Deletes and records the outcome; returns whether the delete was acknowledged. */
	boolean delete(StorageEngine engine, String key) {
		try {
			engine.delete(bytes(key));
			settle(key, null);
			return true;
		}
		catch (StorageException ex) {
			uncertain(key, null, ex);
			return false;
		}
	}

	/**
	 * As {@link #put}, through {@link StorageEngine#putAcknowledged}, waiting for the
	 * acknowledgement.
	 */
	boolean putAcknowledged(StorageEngine engine, String key, String value) {
		try {
			WriteResult result = engine.putAcknowledged(bytes(key), bytes(value), Precondition.NONE).join();
			settle(key, value);
			this.versions.put(key, result.version());
			return true;
		}
		catch (StorageException | CompletionException ex) {
			uncertain(key, value, storageFailure(ex));
			return false;
		}
	}

	/**
	 * As {@link #delete}, through {@link StorageEngine#deleteAcknowledged}, waiting for
	 * the acknowledgement.
	 */
	boolean deleteAcknowledged(StorageEngine engine, String key) {
		try {
			engine.deleteAcknowledged(bytes(key), Precondition.NONE).join();
			settle(key, null);
			return true;
		}
		catch (StorageException | CompletionException ex) {
			uncertain(key, null, storageFailure(ex));
			return false;
		}
	}

	private static StorageException storageFailure(RuntimeException ex) {
		if (ex instanceof StorageException storage) {
			return storage;
		}
		if (ex.getCause() instanceof StorageException storage) {
			return storage;
		}
		throw ex;
	}

	/** Compacts; returns whether the compaction finished. */
	boolean compact(StorageEngine engine) {
		try {
			engine.compact();
			return true;
		}
		catch (StorageException ex) {
			this.failures++;
			this.lastFailure = ex;
			return false;
		}
	}

	private void settle(String key, String value) {
		Set<String> states = new HashSet<>();
		states.add(value);
		this.allowed.put(key, states);
		this.versions.remove(key);
	}

	private void uncertain(String key, String value, StorageException ex) {
		this.allowed.computeIfAbsent(key, (k) -> {
			Set<String> states = new HashSet<>();
			states.add(null);
			return states;
		}).add(value);
		this.versions.remove(key);
		this.failures++;
		this.lastFailure = ex;
	}

	/** Operations that threw. */
	int failures() {
		return this.failures;
	}

	StorageException lastFailure() {
		return this.lastFailure;
	}

	/** Keys whose state is known (acknowledged, no failed write since). */
	int settledKeys() {
		return (int) this.allowed.values().stream().filter((states) -> states.size() == 1).count();
	}

	/**
	 * Checks that every key is in a state it may be in, and that every acknowledged value
	 * kept its version.
	 */
	void verify(StorageEngine engine) {
		verify(engine, "");
	}

	/** As {@link #verify(StorageEngine)}, naming the scenario in a failure. */
	void verify(StorageEngine engine, String scenario) {
		this.allowed.forEach((key, states) -> {
			Optional<VersionedValue> got = engine.get(bytes(key));
			String value = got.map((versioned) -> text(versioned.value())).orElse(null);
			assertThat(states).as("%s: states key %s may be in", scenario, key).contains(value);
			Long version = this.versions.get(key);
			if (version != null && got.isPresent()) {
				assertThat(got.get().version()).as("%s: version of %s", scenario, key).isEqualTo(version);
			}
		});
	}

}
