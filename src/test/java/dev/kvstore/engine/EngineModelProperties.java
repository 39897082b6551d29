package dev.kvstore.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Random sequences of operations run against an engine and a {@link TreeMap} model side
 * by side; after every step each key's value and the full listing must match the model,
 * and versions must not change except by a write. Each engine runs it by subclassing.
 */
public abstract class EngineModelProperties {

	private static final EngineLimits LIMITS = new EngineLimits(1024, 1024);

	/**
	 * A small pool so that operations keep hitting the same keys; one long (hashed) key.
	 */
	private static final List<String> KEYS = List.of("a", "a/b", "ab", "B", "\u00e9", "\uD83D\uDE00", "z/",
			"long/" + "x".repeat(300));

	/** Opens the engine under test on {@code dir}. */
	protected abstract StorageEngine open(Path dir, EngineLimits limits);

	/** Whether the engine keeps its data across close and {@link #open}. */
	protected abstract boolean persistent();

	sealed interface Action {

	}

	record Put(String key, byte[] value) implements Action {

	}

	record Delete(String key) implements Action {

	}

	record PutIfAbsent(String key, byte[] value) implements Action {

	}

	record PutIfVersion(String key, byte[] value, boolean current) implements Action {

	}

	record DeleteIfVersion(String key, boolean current) implements Action {

	}

	record Compact() implements Action {

	}

	record Reopen() implements Action {

	}

	@Property(tries = 50)
	void engineMatchesTheModelAfterEveryStep(@ForAll("actions") List<Action> actions) throws IOException {
		Path dir = Files.createTempDirectory("kv-model-");
		Model model = new Model();
		StorageEngine engine = open(dir, LIMITS);
		try {
			for (Action action : actions) {
				engine = apply(engine, dir, action, model);
				check(engine, model);
			}
		}
		finally {
			engine.close();
			deleteRecursively(dir);
		}
	}

	private StorageEngine apply(StorageEngine engine, Path dir, Action action, Model model) {
		if (action instanceof Put put) {
			WriteResult result = engine.put(bytes(put.key()), put.value());
			assertThat(result.created()).isEqualTo(!model.values.containsKey(bytes(put.key())));
			model.store(put.key(), put.value(), result.version());
		}
		else if (action instanceof Delete delete) {
			assertThat(engine.delete(bytes(delete.key()))).isEqualTo(model.remove(delete.key()));
		}
		else if (action instanceof PutIfAbsent put) {
			if (model.values.containsKey(bytes(put.key()))) {
				assertThatExceptionOfType(PreconditionFailedException.class)
					.isThrownBy(() -> engine.put(bytes(put.key()), put.value(), Precondition.ABSENT));
			}
			else {
				model.store(put.key(), put.value(),
						engine.put(bytes(put.key()), put.value(), Precondition.ABSENT).version());
			}
		}
		else if (action instanceof PutIfVersion put) {
			Long current = model.versions.get(put.key());
			long expected = (current != null && put.current()) ? current : model.stale(put.key());
			if (current != null && current == expected) {
				model.store(put.key(), put.value(),
						engine.put(bytes(put.key()), put.value(), Precondition.version(expected)).version());
			}
			else {
				assertThatExceptionOfType(PreconditionFailedException.class)
					.isThrownBy(() -> engine.put(bytes(put.key()), put.value(), Precondition.version(expected)));
			}
		}
		else if (action instanceof DeleteIfVersion delete) {
			Long current = model.versions.get(delete.key());
			long expected = (current != null && delete.current()) ? current : model.stale(delete.key());
			if (current != null && current == expected) {
				assertThat(engine.delete(bytes(delete.key()), Precondition.version(expected))).isTrue();
				model.remove(delete.key());
			}
			else {
				assertThatExceptionOfType(PreconditionFailedException.class)
					.isThrownBy(() -> engine.delete(bytes(delete.key()), Precondition.version(expected)));
			}
		}
		else if (action instanceof Compact) {
			assertThat(engine.compact().liveKeys()).isEqualTo(model.values.size());
		}
		else if (action instanceof Reopen) {
			engine.close();
			StorageEngine reopened = open(dir, LIMITS);
			if (!persistent()) {
				model.clear();
			}
			return reopened;
		}
		return engine;
	}

	private void check(StorageEngine engine, Model model) {
		for (String key : KEYS) {
			Optional<VersionedValue> stored = engine.get(bytes(key));
			byte[] expected = model.values.get(bytes(key));
			if (expected == null) {
				assertThat(stored).as(key).isEmpty();
			}
			else {
				assertThat(stored).as(key).isPresent();
				assertThat(stored.get().value()).as(key).isEqualTo(expected);
				assertThat(stored.get().version()).as(key).isEqualTo(model.versions.get(key));
			}
		}
		List<byte[]> listed = new ArrayList<>();
		byte[] after = null;
		do {
			KeyPage page = engine.list(new byte[0], after, 3);
			listed.addAll(page.keys());
			after = page.next();
		}
		while (after != null);
		assertThat(listed).containsExactlyElementsOf(model.values.keySet());
		assertThat(engine.stats().keys()).isEqualTo(model.values.size());
	}

	@Provide
	Arbitrary<List<Action>> actions() {
		Arbitrary<String> keys = Arbitraries.of(KEYS);
		Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
		Arbitrary<Boolean> current = Arbitraries.of(true, true, false);
		Arbitrary<Action> action = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(6, Combinators.combine(keys, values).as(Put::new)),
				net.jqwik.api.Tuple.of(3, keys.map(Delete::new)),
				net.jqwik.api.Tuple.of(2, Combinators.combine(keys, values).as(PutIfAbsent::new)),
				net.jqwik.api.Tuple.of(2, Combinators.combine(keys, values, current).as(PutIfVersion::new)),
				net.jqwik.api.Tuple.of(2, Combinators.combine(keys, current).as(DeleteIfVersion::new)),
				net.jqwik.api.Tuple.of(1, Arbitraries.just(new Compact())),
				net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())));
		return action.list().ofMaxSize(40);
	}

	private static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/** What the store should hold: values in unsigned byte order, and their versions. */
	private static final class Model {

		final TreeMap<byte[], byte[]> values = new TreeMap<>(Arrays::compareUnsigned);

		final Map<String, Long> versions = new HashMap<>();

		/** Every version a key ever had, to try stale ones. */
		final Map<String, Long> previous = new HashMap<>();

		void store(String key, byte[] value, long version) {
			Long old = this.versions.put(key, version);
			if (old != null) {
				assertThat(version).as("a write gives a new version").isNotEqualTo(old);
				this.previous.put(key, old);
			}
			this.values.put(bytes(key), value.clone());
		}

		boolean remove(String key) {
			Long old = this.versions.remove(key);
			if (old != null) {
				this.previous.put(key, old);
			}
			return this.values.remove(bytes(key)) != null;
		}

		/** A version the key does not have now. */
		long stale(String key) {
			long candidate = this.previous.getOrDefault(key, 7L);
			Long current = this.versions.get(key);
			return (current != null && current == candidate) ? candidate + 1 : candidate;
		}

		void clear() {
			this.values.clear();
			this.versions.clear();
		}

	}

}
