package dev.kvstore.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every behaviour of {@link StorageEngine}. Each engine runs it by subclassing and saying
 * how it is opened on a directory and whether it keeps its data across a reopen.
 */
public abstract class StorageEngineContract {

	/** Small limits so that boundary values are cheap to write. */
	protected static final EngineLimits LIMITS = new EngineLimits(128, 64 * 1024);

	@TempDir
	protected Path dir;

	protected StorageEngine engine;

	/** Opens the engine under test on {@code dir}, which it may create files in. */
	protected abstract StorageEngine open(Path dir, EngineLimits limits);

	/** Whether the engine keeps its data across close and {@link #open}. */
	protected abstract boolean persistent();

	@BeforeEach
	void openEngine() {
		this.engine = open(this.dir, LIMITS);
	}

	@AfterEach
	void closeEngine() {
		if (this.engine != null) {
			this.engine.close();
		}
	}

	/** Closes the engine and opens it again on the same directory. */
	protected StorageEngine reopen() {
		this.engine.close();
		this.engine = open(this.dir, LIMITS);
		return this.engine;
	}

	protected static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	protected static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	protected static byte[] everyByte() {
		byte[] value = new byte[512];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		return value;
	}

	private VersionedValue stored(String key) {
		return this.engine.get(bytes(key)).orElseThrow(() -> new AssertionError("no value for " + key));
	}

	private List<String> listAll(String prefix, int pageSize) {
		List<String> keys = new ArrayList<>();
		byte[] after = null;
		for (int pages = 0; pages < 10_000; pages++) {
			KeyPage page = this.engine.list(bytes(prefix), after, pageSize);
			assertThat(page.keys()).hasSizeLessThanOrEqualTo(pageSize);
			page.keys().forEach((key) -> keys.add(text(key)));
			if (page.next() == null) {
				return keys;
			}
			assertThat(page.keys()).isNotEmpty();
			assertThat(page.next()).isEqualTo(page.keys().get(page.keys().size() - 1));
			after = page.next();
		}
		throw new AssertionError("listing never ended");
	}

	@Test
	void putThenGetReturnsTheSameBytesAndVersion() {
		WriteResult result = this.engine.put(bytes("users/42/name"), everyByte());
		VersionedValue value = stored("users/42/name");
		assertThat(value.value()).isEqualTo(everyByte());
		assertThat(value.version()).isEqualTo(result.version()).isPositive();
	}

	@Test
	void emptyValueIsAValueNotADelete() {
		this.engine.put(bytes("empty"), new byte[0]);
		assertThat(stored("empty").value()).isEmpty();
		assertThat(this.engine.stats().keys()).isEqualTo(1);
	}

	@Test
	void valueOfExactlyTheLimitIsStored() {
		byte[] value = new byte[LIMITS.maxValueBytes()];
		Arrays.fill(value, (byte) 0xA5);
		this.engine.put(bytes("big"), value);
		assertThat(stored("big").value()).isEqualTo(value);
	}

	@Test
	void absentKeyGivesEmpty() {
		assertThat(this.engine.get(bytes("never-written"))).isEmpty();
	}

	@Test
	void firstPutCreatesAndOverwriteGivesANewVersion() {
		WriteResult first = this.engine.put(bytes("k"), bytes("one"));
		WriteResult second = this.engine.put(bytes("k"), bytes("two"));
		assertThat(first.created()).isTrue();
		assertThat(second.created()).isFalse();
		assertThat(second.version()).isNotEqualTo(first.version());
		assertThat(stored("k").value()).isEqualTo(bytes("two"));
		assertThat(stored("k").version()).isEqualTo(second.version());
	}

	@Test
	void rewritingTheSameBytesGivesANewVersion() {
		long first = this.engine.put(bytes("k"), bytes("same")).version();
		long second = this.engine.put(bytes("k"), bytes("same")).version();
		assertThat(second).isNotEqualTo(first);
		assertThat(stored("k").version()).isEqualTo(second);
	}

	@Test
	void deleteOfAPresentKeyRemovesIt() {
		this.engine.put(bytes("k"), bytes("v"));
		assertThat(this.engine.delete(bytes("k"))).isTrue();
		assertThat(this.engine.get(bytes("k"))).isEmpty();
		assertThat(this.engine.stats().keys()).isZero();
	}

	@Test
	void deleteOfAnAbsentKeyReturnsFalse() {
		assertThat(this.engine.delete(bytes("k"))).isFalse();
		assertThat(this.engine.stats().keys()).isZero();
	}

	@Test
	void putAfterDeleteCreatesAgainWithAFreshVersion() {
		long before = this.engine.put(bytes("k"), bytes("v")).version();
		this.engine.delete(bytes("k"));
		WriteResult again = this.engine.put(bytes("k"), bytes("v"));
		assertThat(again.created()).isTrue();
		assertThat(again.version()).isNotEqualTo(before);
	}

	@Test
	void putIfAbsentCreatesAnAbsentKey() {
		WriteResult result = this.engine.put(bytes("k"), bytes("v"), Precondition.ABSENT);
		assertThat(result.created()).isTrue();
		assertThat(stored("k").value()).isEqualTo(bytes("v"));
	}

	@Test
	void putIfAbsentFailsOnAPresentKeyAndChangesNothing() {
		long version = this.engine.put(bytes("k"), bytes("old")).version();
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.put(bytes("k"), bytes("new"), Precondition.ABSENT));
		assertThat(stored("k")).satisfies((value) -> {
			assertThat(value.value()).isEqualTo(bytes("old"));
			assertThat(value.version()).isEqualTo(version);
		});
	}

	@Test
	void putIfVersionMatchesApplies() {
		long version = this.engine.put(bytes("k"), bytes("old")).version();
		WriteResult result = this.engine.put(bytes("k"), bytes("new"), Precondition.version(version));
		assertThat(result.created()).isFalse();
		assertThat(stored("k").value()).isEqualTo(bytes("new"));
		assertThat(stored("k").version()).isEqualTo(result.version()).isNotEqualTo(version);
	}

	@Test
	void putIfVersionMismatchFailsAndChangesNothing() {
		long old = this.engine.put(bytes("k"), bytes("old")).version();
		long current = this.engine.put(bytes("k"), bytes("current")).version();
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.put(bytes("k"), bytes("new"), Precondition.version(old)));
		assertThat(stored("k").value()).isEqualTo(bytes("current"));
		assertThat(stored("k").version()).isEqualTo(current);
	}

	@Test
	void putIfVersionFailsOnAnAbsentKey() {
		long version = this.engine.put(bytes("k"), bytes("v")).version();
		this.engine.delete(bytes("k"));
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.put(bytes("k"), bytes("v"), Precondition.version(version)));
		assertThat(this.engine.get(bytes("k"))).isEmpty();
	}

	@Test
	void deleteIfVersionMatchesDeletes() {
		long version = this.engine.put(bytes("k"), bytes("v")).version();
		assertThat(this.engine.delete(bytes("k"), Precondition.version(version))).isTrue();
		assertThat(this.engine.get(bytes("k"))).isEmpty();
	}

	@Test
	void deleteIfVersionMismatchFailsAndKeepsTheValue() {
		long old = this.engine.put(bytes("k"), bytes("old")).version();
		this.engine.put(bytes("k"), bytes("current"));
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.delete(bytes("k"), Precondition.version(old)));
		assertThat(stored("k").value()).isEqualTo(bytes("current"));
	}

	@Test
	void deleteIfVersionFailsOnAnAbsentKey() {
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.delete(bytes("k"), Precondition.version(1)));
	}

	@Test
	void deleteIfAbsentFailsOnAPresentKeyAndSucceedsOnAnAbsentOne() {
		this.engine.put(bytes("k"), bytes("v"));
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.delete(bytes("k"), Precondition.ABSENT));
		assertThat(stored("k").value()).isEqualTo(bytes("v"));
		assertThat(this.engine.delete(bytes("other"), Precondition.ABSENT)).isFalse();
	}

	@Test
	void putIfPresentAppliesOnlyToAPresentKey() {
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.put(bytes("k"), bytes("v"), Precondition.PRESENT));
		assertThat(this.engine.get(bytes("k"))).isEmpty();
		this.engine.put(bytes("k"), bytes("v1"));
		assertThat(this.engine.put(bytes("k"), bytes("v2"), Precondition.PRESENT).created()).isFalse();
		assertThat(stored("k").value()).isEqualTo(bytes("v2"));
		assertThat(this.engine.delete(bytes("k"), Precondition.PRESENT)).isTrue();
	}

	@Test
	void putIfOneOfSeveralVersionsMatches() {
		long first = this.engine.put(bytes("k"), bytes("v1")).version();
		assertThatExceptionOfType(PreconditionFailedException.class).isThrownBy(
				() -> this.engine.put(bytes("k"), bytes("v2"), Precondition.oneOf(Set.of(first + 1000, first + 2000))));
		long second = this.engine.put(bytes("k"), bytes("v2"), Precondition.oneOf(Set.of(first + 1000, first)))
			.version();
		assertThat(second).isGreaterThan(first);
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> this.engine.delete(bytes("k"), Precondition.oneOf(Set.of(first, first + 1000))));
		assertThat(this.engine.delete(bytes("k"), Precondition.oneOf(Set.of(first, second)))).isTrue();
	}

	@Test
	void listGivesEveryKeyInUnsignedByteOrder() {
		for (String key : List.of("b", "a/2", "\u00e9", "a/10", "A", "a", "\uD83D\uDE00", "z")) {
			this.engine.put(bytes(key), bytes("v"));
		}
		// UTF-8 bytes of é (0xC3) and the emoji (0xF0) sort after every ASCII byte.
		assertThat(listAll("", 100)).containsExactly("A", "a", "a/10", "a/2", "b", "z", "\u00e9", "\uD83D\uDE00");
	}

	@Test
	void listOfAnEmptyStoreIsEmptyAndLast() {
		KeyPage page = this.engine.list(new byte[0], null, 10);
		assertThat(page.keys()).isEmpty();
		assertThat(page.next()).isNull();
	}

	@Test
	void listKeepsOnlyKeysWithThePrefix() {
		for (String key : List.of("users/1", "users/2", "user", "usersX", "orders/1", "users/")) {
			this.engine.put(bytes(key), bytes("v"));
		}
		assertThat(listAll("users/", 100)).containsExactly("users/", "users/1", "users/2");
		assertThat(listAll("nothing", 100)).isEmpty();
	}

	@Test
	void listStartsStrictlyAfterTheCursorEvenIfItIsNotAKey() {
		for (String key : List.of("a", "b", "c", "d")) {
			this.engine.put(bytes(key), bytes("v"));
		}
		assertThat(this.engine.list(new byte[0], bytes("b"), 10).keys()).extracting(StorageEngineContract::text)
			.containsExactly("c", "d");
		assertThat(this.engine.list(new byte[0], bytes("bb"), 10).keys()).extracting(StorageEngineContract::text)
			.containsExactly("c", "d");
		assertThat(this.engine.list(new byte[0], bytes("d"), 10).keys()).isEmpty();
	}

	@Test
	void listPagesThroughEveryKeyExactlyOnce() {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			String key = String.format("p/%03d", i);
			expected.add(key);
			this.engine.put(bytes(key), bytes("v"));
		}
		this.engine.put(bytes("q"), bytes("v"));
		for (int pageSize : new int[] { 1, 5, 22, 23, 24 }) {
			assertThat(listAll("p/", pageSize)).as("page size %d", pageSize).isEqualTo(expected);
		}
	}

	@Test
	void listPageOfExactlyTheRemainingKeysIsTheLast() {
		this.engine.put(bytes("a"), bytes("v"));
		this.engine.put(bytes("b"), bytes("v"));
		KeyPage first = this.engine.list(new byte[0], null, 1);
		assertThat(first.next()).isEqualTo(bytes("a"));
		KeyPage second = this.engine.list(new byte[0], first.next(), 1);
		assertThat(second.keys()).extracting(StorageEngineContract::text).containsExactly("b");
		assertThat(second.next()).isNull();
	}

	@Test
	void listLeavesOutDeletedKeys() {
		this.engine.put(bytes("a"), bytes("v"));
		this.engine.put(bytes("b"), bytes("v"));
		this.engine.delete(bytes("a"));
		assertThat(listAll("", 10)).containsExactly("b");
	}

	@Test
	void compactionKeepsEveryLiveValueAndVersionAndNoDeletedKey() {
		Map<String, Long> versions = new ConcurrentHashMap<>();
		for (int i = 0; i < 30; i++) {
			versions.put("k" + (i % 10), this.engine.put(bytes("k" + (i % 10)), bytes("v" + i)).version());
		}
		this.engine.delete(bytes("k3"));
		versions.remove("k3");
		CompactionReport report = this.engine.compact();
		assertThat(report.engine()).isEqualTo(this.engine.name());
		assertThat(report.liveKeys()).isEqualTo(9);
		assertThat(report.reclaimedBytes()).isNotNegative();
		assertThat(this.engine.get(bytes("k3"))).isEmpty();
		for (int i = 0; i < 10; i++) {
			if (i != 3) {
				VersionedValue value = stored("k" + i);
				assertThat(value.value()).isEqualTo(bytes("v" + (20 + i)));
				assertThat(value.version()).isEqualTo(versions.get("k" + i));
			}
		}
	}

	@Test
	void compactionOfAnEmptyStoreReportsNoKeys() {
		assertThat(this.engine.compact().liveKeys()).isZero();
	}

	@Test
	void statsCountThePresentKeys() {
		this.engine.put(bytes("a"), bytes("v"));
		this.engine.put(bytes("b"), bytes("v"));
		this.engine.put(bytes("b"), bytes("w"));
		this.engine.put(bytes("c"), bytes("v"));
		this.engine.delete(bytes("c"));
		this.engine.delete(bytes("never"));
		assertThat(this.engine.stats().keys()).isEqualTo(2);
	}

	static Stream<Arguments> invalidKeys() {
		byte[] tooLong = new byte[LIMITS.maxKeyBytes() + 1];
		Arrays.fill(tooLong, (byte) 'a');
		return Stream.of(Arguments.of("empty", new byte[0]), Arguments.of("too long", tooLong),
				Arguments.of("NUL", new byte[] { 'a', 0x00 }), Arguments.of("U+001F", new byte[] { 0x1F }),
				Arguments.of("DEL", new byte[] { 'a', 0x7F, 'b' }), Arguments.of("newline", bytes("a\nb")),
				Arguments.of("lone continuation byte", new byte[] { 'a', (byte) 0x80 }),
				Arguments.of("overlong slash", new byte[] { (byte) 0xC0, (byte) 0xAF }),
				Arguments.of("surrogate", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }),
				Arguments.of("dot", bytes(".")), Arguments.of("dot dot", bytes("..")),
				Arguments.of("dot dot at start", bytes("../a")), Arguments.of("dot in the middle", bytes("a/./b")),
				Arguments.of("dot dot at end", bytes("a/..")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidKeys")
	void invalidKeyIsRejectedByEveryOperationAndChangesNothing(String rule, byte[] key) {
		this.engine.put(bytes("present"), bytes("v"));
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> this.engine.put(key, bytes("v")));
		assertThatExceptionOfType(InvalidKeyException.class)
			.isThrownBy(() -> this.engine.put(key, bytes("v"), Precondition.ABSENT));
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> this.engine.get(key));
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> this.engine.delete(key));
		assertThat(listAll("", 10)).containsExactly("present");
		assertThat(this.engine.stats().keys()).isEqualTo(1);
	}

	@Test
	void valueOverTheLimitIsRejectedAndChangesNothing() {
		long version = this.engine.put(bytes("k"), bytes("old")).version();
		byte[] tooLarge = new byte[LIMITS.maxValueBytes() + 1];
		assertThatExceptionOfType(ValueTooLargeException.class).isThrownBy(() -> this.engine.put(bytes("k"), tooLarge));
		assertThatExceptionOfType(ValueTooLargeException.class)
			.isThrownBy(() -> this.engine.put(bytes("new"), tooLarge));
		assertThat(stored("k").value()).isEqualTo(bytes("old"));
		assertThat(stored("k").version()).isEqualTo(version);
		assertThat(this.engine.get(bytes("new"))).isEmpty();
	}

	@Test
	void arraysPassedInAndReturnedAreNotShared() {
		byte[] key = bytes("k");
		byte[] value = bytes("value");
		this.engine.put(key, value);
		key[0] = 'x';
		value[0] = 'X';
		stored("k").value()[0] = 'Y';
		this.engine.list(new byte[0], null, 10).keys().get(0)[0] = 'z';
		assertThat(stored("k").value()).isEqualTo(bytes("value"));
		assertThat(listAll("", 10)).containsExactly("k");
		assertThat(this.engine.get(bytes("x"))).isEmpty();
	}

	@Test
	void closedEngineRefusesEveryCall() {
		this.engine.put(bytes("k"), bytes("v"));
		this.engine.close();
		assertThatIllegalStateException().isThrownBy(() -> this.engine.get(bytes("k")));
		assertThatIllegalStateException().isThrownBy(() -> this.engine.put(bytes("k"), bytes("v")));
		assertThatIllegalStateException().isThrownBy(() -> this.engine.delete(bytes("k")));
		assertThatIllegalStateException().isThrownBy(() -> this.engine.list(new byte[0], null, 10));
		assertThatIllegalStateException().isThrownBy(() -> this.engine.compact());
		assertThatIllegalStateException().isThrownBy(() -> this.engine.stats());
	}

	@Test
	void closingTwiceDoesNothing() {
		this.engine.close();
		this.engine.close();
		assertThatIllegalStateException().isThrownBy(() -> this.engine.get(bytes("k")));
	}

	@Test
	void secondOpenOfTheSameDirectoryFailsAtOnce() {
		assumeThat(persistent()).as("the engine keeps files in its directory").isTrue();
		assertThatThrownBy(() -> open(this.dir, LIMITS)).isInstanceOf(DataDirectoryLockedException.class)
			.hasMessageContaining("already open");
		this.engine.put(bytes("k"), bytes("v"));
		assertThat(stored("k").value()).isEqualTo(bytes("v"));
	}

	@Test
	void reopenKeepsValuesVersionsAndDeletes() {
		assumeThat(persistent()).as("the engine keeps data across a reopen").isTrue();
		long a = this.engine.put(bytes("a"), bytes("one")).version();
		this.engine.put(bytes("b"), bytes("two"));
		this.engine.delete(bytes("b"));
		this.engine.put(bytes("c"), new byte[0]);
		reopen();
		assertThat(stored("a").value()).isEqualTo(bytes("one"));
		assertThat(stored("a").version()).isEqualTo(a);
		assertThat(this.engine.get(bytes("b"))).isEmpty();
		assertThat(stored("c").value()).isEmpty();
		assertThat(this.engine.stats().keys()).isEqualTo(2);
		assertThat(listAll("", 10)).containsExactly("a", "c");
	}

	@Test
	void versionsAfterAReopenAreNewer() {
		assumeThat(persistent()).as("the engine keeps data across a reopen").isTrue();
		long before = this.engine.put(bytes("a"), bytes("one")).version();
		reopen();
		long after = this.engine.put(bytes("a"), bytes("one")).version();
		assertThat(after).isGreaterThan(before);
		assertThat(this.engine.put(bytes("a"), bytes("one"), Precondition.version(after)).version())
			.isGreaterThan(after);
	}

	@Test
	void concurrentConditionalIncrementsLoseNoUpdate() throws Exception {
		int threads = 4;
		int incrementsEach = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < incrementsEach; i++) {
						increment(bytes("counter"));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(ByteBuffer.wrap(stored("counter").value()).getLong()).isEqualTo((long) threads * incrementsEach);
	}

	private void increment(byte[] key) {
		while (true) {
			Optional<VersionedValue> current = this.engine.get(key);
			long count = current.map((value) -> ByteBuffer.wrap(value.value()).getLong()).orElse(0L);
			byte[] next = ByteBuffer.allocate(8).putLong(count + 1).array();
			Precondition condition = current.map((value) -> Precondition.version(value.version()))
				.orElse(Precondition.ABSENT);
			try {
				this.engine.put(key, next, condition);
				return;
			}
			catch (PreconditionFailedException ex) {
				// Another thread won this round: read again and retry.
			}
		}
	}

	@Test
	void concurrentWritersReadersAndCompactionsLeaveTheLastWriteOfEachKey() throws Exception {
		int writers = 3;
		int writesEach = 40;
		Map<String, Map<Long, String>> acknowledged = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				done.add(pool.submit(() -> {
					for (int i = 0; i < writesEach; i++) {
						String key = "shared/" + (i % 4);
						String value = key + "|" + writer + "|" + i;
						long version = this.engine.put(bytes(key), bytes(value)).version();
						acknowledged.computeIfAbsent(key, (k) -> new ConcurrentHashMap<>()).put(version, value);
					}
					return null;
				}));
			}
			done.add(pool.submit(() -> {
				for (int i = 0; i < writers * writesEach; i++) {
					String key = "shared/" + (i % 4);
					this.engine.get(bytes(key))
						.ifPresent((value) -> assertThat(text(value.value())).startsWith(key + "|"));
				}
				return null;
			}));
			done.add(pool.submit(() -> {
				for (int i = 0; i < 5; i++) {
					try {
						this.engine.compact();
					}
					catch (CompactionInProgressException ex) {
						// Another compaction is running: that is allowed.
					}
				}
				return null;
			}));
			for (Future<?> future : done) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (int k = 0; k < 4; k++) {
			String key = "shared/" + k;
			Map<Long, String> writes = acknowledged.get(key);
			long last = writes.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
			assertThat(stored(key).version()).isEqualTo(last);
			assertThat(text(stored(key).value())).isEqualTo(writes.get(last));
		}
		assertThat(acknowledged.values().stream().mapToInt(Map::size).sum()).isEqualTo(writers * writesEach);
	}

}
