package dev.kvstore.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service under {@code kill -9}, in every sync mode: an acknowledged write
 * or delete survives a kill of the process in all of them (CONTRACT.md §6), since the
 * page cache outlives the process. See {@link CrashRounds} for what a round does.
 *
 * <p>
 * {@code -Dkv.crash.rounds=N} sets the rounds per scenario (3 by default, hundreds for a
 * soak) and {@code -Dkv.crash.seed=S} replays a failure; the message of a failure prints
 * its seed.
 */
class CrashRoundsIT {

	private static final int ROUNDS = Integer.getInteger("kv.crash.rounds", 3);

	@TempDir
	Path temp;

	@Test
	void logSyncAlwaysLosesNothingAcknowledged(TestInfo test) throws Exception {
		run(test, "log, sync always", List.of("--kv.engine=log", "--kv.log.sync=always"), "log");
	}

	@Test
	void logSyncIntervalLosesNothingAcknowledged(TestInfo test) throws Exception {
		run(test, "log, sync interval", List.of("--kv.engine=log", "--kv.log.sync=interval"), "log");
	}

	@Test
	void logSyncNeverLosesNothingAcknowledged(TestInfo test) throws Exception {
		run(test, "log, sync never", List.of("--kv.engine=log", "--kv.log.sync=never"), "log");
	}

	@Test
	void fileSyncAlwaysLosesNothingAcknowledged(TestInfo test) throws Exception {
		run(test, "file, sync always", List.of("--kv.engine=file", "--kv.file.sync=always"), "fs");
	}

	private void run(TestInfo test, String scenario, List<String> settings, String engineDirectory) throws Exception {
		String given = System.getProperty("kv.crash.seed", "");
		long seed = given.isBlank() ? ThreadLocalRandom.current().nextLong(1L << 48) : Long.parseLong(given);
		System.out.printf("[crash] %s: seed %d%n", scenario, seed);
		try {
			new CrashRounds(scenario, this.temp.resolve("data"), settings, engineDirectory).run(ROUNDS, seed);
		}
		catch (Throwable ex) {
			String method = test.getTestMethod().orElseThrow().getName();
			throw new AssertionError(
					String.format(
							"%s failed with seed %d. Replay: ./mvnw verify -Dkv.crash.seed=%d (or only this scenario: "
									+ "./mvnw verify -DskipFuzz -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "
									+ "-Dit.test=CrashRoundsIT#%s -Dkv.crash.seed=%d)",
							scenario, seed, seed, method, seed),
					ex);
		}
	}

}
