package dev.kvstore.cli.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The engines a run can pick from: the built-in ones, then any {@link BenchEngine} on the
 * class path (the benchmark jar registers RocksDB and H2 MVStore that way).
 */
final class BenchEngines {

	static final String ALL = "all";

	private final Map<String, BenchEngine> byName = new LinkedHashMap<>();

	private final List<String> problems;

	private BenchEngines(List<BenchEngine> engines, List<String> problems) {
		this.problems = List.copyOf(problems);
		for (BenchEngine engine : engines) {
			this.byName.putIfAbsent(engine.name(), engine);
		}
	}

	/**
	 * The built-in engines and those the class path provides. A provider that cannot be
	 * loaded (a class missing from the jar, a library that fails to start) is left out
	 * and named in {@link #problems()} rather than stopping the engines that work.
	 */
	static BenchEngines available() {
		List<BenchEngine> engines = new ArrayList<>(BuiltInEngines.all());
		List<String> problems = new ArrayList<>();
		Iterator<BenchEngine> providers = ServiceLoader.load(BenchEngine.class, BenchEngines.class.getClassLoader())
			.iterator();
		while (true) {
			try {
				if (!providers.hasNext()) {
					break;
				}
				engines.add(providers.next());
			}
			catch (ServiceConfigurationError | LinkageError ex) {
				// the iterator goes on with the next provider after an error
				problems.add(ex.toString());
			}
		}
		return new BenchEngines(engines, problems);
	}

	/** Why providers were left out, if any were. */
	List<String> problems() {
		return this.problems;
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
