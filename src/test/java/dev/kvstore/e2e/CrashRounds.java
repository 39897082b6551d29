package dev.kvstore.e2e;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rounds of load and {@code kill -9} against the packaged service on one data directory.
 * Each round drives concurrent writes, kills the process at a random moment, restarts it
 * on the same directory (every other time after emptying the {@code LOCK} file the dead
 * process left) and checks every key of the round against its {@link History}, and every
 * key of the earlier rounds against what was read after their own crash: later crashes
 * and compactions must not change them.
 */
final class CrashRounds {

	private static final int THREADS = 4;

	private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private final String scenario;

	private final Path dataDir;

	private final List<String> settings;

	private final String engineDirectory;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final AtomicLong ids = new AtomicLong();

	private final Map<String, StoredValue> settled = new HashMap<>();

	private long acknowledged;

	private long inFlight;

	private int starts;

	/**
	 * @param scenario names the scenario in messages
	 * @param dataDir the service's {@code kv.data-dir}
	 * @param settings the engine's settings, such as {@code --kv.log.sync=never}
	 * @param engineDirectory the engine's directory under the data directory ({@code log}
	 * or {@code fs})
	 */
	CrashRounds(String scenario, Path dataDir, List<String> settings, String engineDirectory) {
		this.scenario = scenario;
		this.dataDir = dataDir;
		this.settings = settings;
		this.engineDirectory = engineDirectory;
	}

	/** Runs the rounds; the seed of round {@code r} is {@code seed + r}. */
	void run(int rounds, long seed) throws Exception {
		ServiceProcess service = start();
		try {
			for (int round = 1; round <= rounds; round++) {
				long roundSeed = seed + round;
				System.out.printf("[crash] %s: round %d of %d, seed %d%n", this.scenario, round, rounds, roundSeed);
				service = crashAndCheck(service, round, new Random(roundSeed), roundSeed);
			}
		}
		finally {
			service.stop();
		}
		System.out.printf("[crash] %s: %d rounds, %d acknowledged writes and deletes checked (%d more in flight "
				+ "at a kill), none lost%n", this.scenario, rounds, this.acknowledged, this.inFlight);
	}

	private ServiceProcess crashAndCheck(ServiceProcess service, int round, Random random, long roundSeed)
			throws Exception {
		History history = new History(this.ids);
		LoadDriver load = new LoadDriver(service, history, "r" + round, roundSeed);
		load.start(THREADS);
		Thread.sleep(1000 + random.nextInt(2500));
		load.killing();
		int status = service.killHard();
		load.awaitStopped();
		assertThat(status).as("exit status of a SIGKILLed process").isEqualTo(137);
		assertThat(load.unexpected()).as("answers before the kill").isEmpty();
		assertThat(history.count(Op.Outcome.ACKNOWLEDGED)).as("acknowledged ops").isPositive();
		Path lock = this.dataDir.resolve(this.engineDirectory).resolve("LOCK");
		assertThat(lock).as("the LOCK file the killed process left").exists();
		if (round % 2 == 0) {
			Files.write(lock, new byte[0]);
		}
		ServiceProcess restarted = start();
		List<String> violations = new ArrayList<>();
		for (String key : history.keys()) {
			StoredValue stored = StoredValue.read(this.client, restarted, key);
			String violation = history.violation(key, stored.value(), stored.etag());
			if (violation != null) {
				violations.add(violation);
			}
			this.settled.put(key, stored);
		}
		for (Map.Entry<String, StoredValue> earlier : this.settled.entrySet()) {
			StoredValue stored = StoredValue.read(this.client, restarted, earlier.getKey());
			if (!stored.sameAs(earlier.getValue())) {
				violations.add("key " + earlier.getKey() + " of an earlier round was " + earlier.getValue()
						+ " and is now " + stored);
			}
		}
		assertThat(violations)
			.as("keys in a state no acknowledged history allows (service log: %s)", restarted.logTail())
			.isEmpty();
		this.acknowledged += history.count(Op.Outcome.ACKNOWLEDGED);
		this.inFlight += history.count(Op.Outcome.IN_FLIGHT);
		return restarted;
	}

	private ServiceProcess start() throws Exception {
		List<String> arguments = new ArrayList<>(
				List.of("--kv.data-dir=" + this.dataDir, "--kv.log.segment-size=64KB", "--kv.log.compaction-ratio=0.2",
						"--kv.log.compaction-min-bytes=16KB", "--kv.log.compaction-check-interval=200ms"));
		arguments.addAll(this.settings);
		Path log = this.dataDir.resolveSibling(this.dataDir.getFileName() + "-start-" + (++this.starts) + ".log");
		return ServiceProcess.start(log, JVM_OPTIONS, arguments);
	}

}
