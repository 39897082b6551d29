package dev.kvstore.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The engines a run can pick from: the built-in ones, then any {@link BenchEngine} on the
 * class path (the benchmark jar registers RocksDB and H2 MVStore that way).
 */
final class BenchEngines {

	static final String ALL = "all";

	private final Map<String, BenchEngine> byName = new LinkedHashMap<>();

	private BenchEngines(List<BenchEngine> engines) {
		for (BenchEngine engine : engines) {
			this.byName.putIfAbsent(engine.name(), engine);
		}
	}

	/** The built-in engines and those the class path provides. */
	static BenchEngines available() {
		List<BenchEngine> engines = new ArrayList<>(BuiltInEngines.all());
		ServiceLoader.load(BenchEngine.class, BenchEngines.class.getClassLoader()).forEach(engines::add);
		return new BenchEngines(engines);
	}

	List<String> names() {
		return List.copyOf(this.byName.keySet());
	}

	/**
	 * The engines a comma-separated selection names, in the order given; {@code all}
	 * stands for every available engine.
	 * @throws IllegalArgumentException if a name is unknown
	 */
	List<BenchEngine> select(String selection) {
		Map<String, BenchEngine> chosen = new LinkedHashMap<>();
		for (String name : selection.split(",")) {
			String trimmed = name.trim();
			if (trimmed.equals(ALL)) {
				chosen.putAll(this.byName);
			}
			else if (this.byName.containsKey(trimmed)) {
				chosen.put(trimmed, this.byName.get(trimmed));
			}
			else {
				throw new IllegalArgumentException("unknown engine '" + trimmed + "': expected one of "
						+ String.join(", ", names()) + " or " + ALL);
			}
		}
		return List.copyOf(chosen.values());
	}

}
