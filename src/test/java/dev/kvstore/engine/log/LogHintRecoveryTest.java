package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.io.DiskIo;

import static dev.kvstore.engine.log.LogTestSupport.awaitHints;
import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.copy;
import static dev.kvstore.engine.log.LogTestSupport.deleteHints;
import static dev.kvstore.engine.log.LogTestSupport.files;
import static dev.kvstore.engine.log.LogTestSupport.records;
import static dev.kvstore.engine.log.LogTestSupport.segments;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts from any mix of segments loaded from hint files (merged, in bulk) and segments
 * scanned record by record, and proves it recovers exactly what a scan of every segment
 * recovers: the same keys, values and versions, and the same reclaimable bytes, the
 * newest record of a key winning wherever it lies.
 */
class LogHintRecoveryTest {

	private static final long SEGMENT_SIZE = 1024;

	@TempDir
	Path dir;

	private int copies;

	private static LogOptions options(Path store) {
		return LogTestSupport.options(store, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.NEVER);
	}

	/**
	 * What a store recovers: each key's value and version, and the stats; and, from
	 * {@link Recovery} itself, where the index points and the dead bytes of each segment.
	 */
	private record Recovered(Map<String, String> values, long keys, long reclaimable, Map<String, IndexEntry> index,
			Map<Long, Long> deadBySegment, long nextSequence) {

	}

	private Recovered open(Path store) throws IOException {
		Path direct = copyOf(store);
		CompactIndex index = new CompactIndex();
		Recovery.Result result = new Recovery(options(direct), new SegmentFiles(direct), index).run();
		Map<String, IndexEntry> entries = new TreeMap<>();
		for (byte[] key : index.list(null, null, Integer.MAX_VALUE).keys()) {
			entries.put(text(key), index.get(key));
		}
		Map<Long, Long> deadBySegment = new TreeMap<>();
		for (Segment segment : result.segments().all()) {
			deadBySegment.put(segment.id(), segment.deadBytes());
		}
		result.segments().closeAll();
		try (LogStructuredKV engine = LogStructuredKV.open(options(store))) {
			EngineStats stats = engine.stats();
			Map<String, String> values = new TreeMap<>();
			byte[] after = null;
			do {
				KeyPage page = engine.list(null, after, 100);
				for (byte[] key : page.keys()) {
					VersionedValue value = engine.get(key).orElseThrow();
					values.put(text(key), text(value.value()) + "@" + value.version());
				}
				after = page.next();
			}
			while (after != null);
			assertThat((long) values.size()).isEqualTo(stats.keys());
			return new Recovered(values, stats.keys(), stats.reclaimableBytes(), entries, deadBySegment,
					result.nextSequence());
		}
	}

	private Path copyOf(Path store) {
		return copy(store, this.dir.resolve("copy-" + this.copies++));
	}

	/** A store whose segments (but the newest) all have their hint files. */
	private Path write(Consumer<LogStructuredKV> writes) {
		Path store = this.dir.resolve("store-" + this.copies++);
		try (LogStructuredKV engine = LogStructuredKV.open(options(store))) {
			writes.accept(engine);
			awaitHints(store);
		}
		return store;
	}

	private static void fill(LogStructuredKV engine, String tag, int records) {
		for (int i = 0; i < records; i++) {
			engine.put(bytes("filler-" + tag + "-" + i), bytes("f".repeat(300)));
		}
	}

	private static Path hintOf(Path segment) {
		return segment.resolveSibling(segment.getFileName().toString().replace(".seg", ".hint"));
	}

	/** The segment holding the record of {@code key} that is (or is not) a tombstone. */
	private static Path segmentWith(Path store, String key, boolean tombstone) {
		for (Path segment : segments(store)) {
			for (LogTestSupport.RecordAt record : records(segment)) {
				if (record.key().equals(key) && record.tombstone() == tombstone) {
					return segment;
				}
			}
		}
		throw new AssertionError("no record of " + key);
	}

	private Recovered scanningEverything(Path store) throws IOException {
		Path scanned = copyOf(store);
		deleteHints(scanned);
		return open(scanned);
	}

	@Test
	void aTombstoneWinsOverAnOlderPutWhicheverOfTheTwoIsHinted() throws IOException {
		Path store = write((engine) -> {
			engine.put(bytes("k"), bytes("old"));
			fill(engine, "a", 4);
			engine.delete(bytes("k"));
			fill(engine, "b", 4);
		});
		Path put = segmentWith(store, "k", false);
		Path tombstone = segmentWith(store, "k", true);
		assertThat(put).isNotEqualTo(tombstone);
		Recovered expected = scanningEverything(store);
		assertThat(expected.values()).doesNotContainKey("k");
		assertThat(expected.reclaimable()).isPositive();
		for (Path scanned : List.of(put, tombstone)) {
			Path mixed = copyOf(store);
			Files.delete(mixed.resolve(hintOf(scanned).getFileName()));
			assertThat(open(mixed)).isEqualTo(expected);
		}
		assertThat(open(copyOf(store))).isEqualTo(expected);
	}

	@Test
	void aNewerPutScannedWinsOverAnOlderOneHintedAndTheOtherWayRound() throws IOException {
		Path store = write((engine) -> {
			engine.put(bytes("k"), bytes("old"));
			fill(engine, "a", 4);
			engine.put(bytes("k"), bytes("new"));
			fill(engine, "b", 4);
			engine.put(bytes("j"), bytes("old"));
			fill(engine, "c", 4);
			engine.delete(bytes("j"));
			engine.put(bytes("j"), bytes("again"));
		});
		Recovered expected = scanningEverything(store);
		assertThat(expected.values().get("k")).startsWith("new@");
		assertThat(expected.values().get("j")).startsWith("again@");
		List<Path> segments = segments(store);
		for (Path scanned : segments.subList(0, segments.size() - 1)) {
			Path mixed = copyOf(store);
			Files.delete(mixed.resolve(hintOf(scanned).getFileName()));
			assertThat(open(mixed)).isEqualTo(expected);
		}
	}

	@Test
	void copiesAnInterruptedCompactionLeftCountOnceWhereverTheyAre() throws IOException {
		Random random = new Random(3);
		Path store = write((engine) -> randomWrites(engine, random, 300));
		// An interrupted compaction: outputs under new ids holding copies of records of
		// inputs that are still there, some with their hints, some without.
		List<Path> segments = segments(store);
		long nextId = segments.size() + 10;
		for (Path input : segments.subList(0, segments.size() - 1)) {
			if (random.nextInt(3) == 0) {
				continue;
			}
			long id = nextId++;
			Path output = copyAsCompactionOutput(store, input, id);
			if (random.nextBoolean()) {
				List<HintEntry> entries = HintFiles.read(DiskIo.INSTANCE, hintOf(input), idOf(input),
						Files.size(input));
				HintFiles.write(DiskIo.INSTANCE, new SegmentFiles(store), id, 1, entries);
				assertThat(hintOf(output)).exists();
			}
		}
		Recovered expected = scanningEverything(store);
		assertThat(open(copyOf(store))).isEqualTo(expected);
		assertMixesAgree(store, expected, random);
	}

	@Test
	void anyMixOfHintedAndScannedSegmentsRecoversWhatAScanRecovers() throws IOException {
		Random random = new Random(11);
		TreeMap<String, String> model = new TreeMap<>();
		Path store = write((engine) -> model.putAll(randomWrites(engine, random, 600)));
		assertThat(segments(store)).hasSizeGreaterThan(10);
		Recovered expected = scanningEverything(store);
		Map<String, String> values = new TreeMap<>();
		expected.values().forEach((key, value) -> values.put(key, value.substring(0, value.indexOf('@'))));
		assertThat(values).isEqualTo(model);
		assertThat(open(copyOf(store))).isEqualTo(expected);
		assertMixesAgree(store, expected, random);
	}

	@Test
	void anUnsortedHintFileOfAnOlderWriterMeansAScan() throws IOException {
		Path store = write((engine) -> {
			fill(engine, "a", 3);
			fill(engine, "b", 3);
		});
		Recovered expected = scanningEverything(store);
		Path first = segments(store).get(0);
		List<HintEntry> entries = HintFiles.read(DiskIo.INSTANCE, hintOf(first), idOf(first), Files.size(first));
		assertThat(entries).hasSizeGreaterThan(1);
		// The same entries in reverse order, checksum and all: as a hint file of version
		// 1 was before hint files were sorted.
		List<HintEntry> reversed = new ArrayList<>(entries);
		java.util.Collections.reverse(reversed);
		Files.write(hintOf(first), unsortedHint(idOf(first), reversed));
		List<String> failures = new ArrayList<>();
		LogOptions options = options(store).withListener(new EngineListener() {
			@Override
			public void onBackgroundFailure(String what, Exception cause) {
				failures.add(what + ": " + cause.getMessage());
			}
		});
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			assertThat(engine.stats().keys()).isEqualTo(expected.keys());
			assertThat(engine.stats().reclaimableBytes()).isEqualTo(expected.reclaimable());
		}
		assertThat(failures).anyMatch((failure) -> failure.contains("not in order"));
	}

	/** Opens copies with random subsets of the hint files removed. */
	private void assertMixesAgree(Path store, Recovered expected, Random random) throws IOException {
		for (int round = 0; round < 6; round++) {
			Path mixed = copyOf(store);
			for (Path hint : files(mixed, SegmentFiles.HINT_SUFFIX)) {
				if (random.nextBoolean()) {
					Files.delete(hint);
				}
			}
			assertThat(open(mixed)).isEqualTo(expected);
		}
	}

	/** Puts (mostly) and deletes over a few keys; returns what is left. */
	private static Map<String, String> randomWrites(LogStructuredKV engine, Random random, int writes) {
		Map<String, String> model = new TreeMap<>();
		for (int i = 0; i < writes; i++) {
			String key = "key-" + random.nextInt(40);
			if (random.nextInt(4) == 0) {
				engine.delete(bytes(key));
				model.remove(key);
			}
			else {
				String value = i + "-" + "v".repeat(random.nextInt(120));
				engine.put(bytes(key), bytes(value));
				model.put(key, value);
			}
		}
		return model;
	}

	private static long idOf(Path segment) {
		return SegmentFiles.segmentId(segment).orElseThrow();
	}

	/** Copies a segment to a new id as a compaction output: only its header changes. */
	private static Path copyAsCompactionOutput(Path store, Path input, long id) throws IOException {
		byte[] bytes = Files.readAllBytes(input);
		ByteBuffer header = new FileHeader(LogFormat.SEGMENT_MAGIC, LogFormat.KIND_COMPACTED, id, 1).encode();
		header.get(bytes, 0, LogFormat.FILE_HEADER_SIZE);
		Path output = new SegmentFiles(store).segment(id);
		Files.write(output, bytes);
		return output;
	}

	private static byte[] unsortedHint(long segmentId, List<HintEntry> entries) {
		ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
		buffer.put(new FileHeader(LogFormat.HINT_MAGIC, LogFormat.KIND_HINT, segmentId, 1).encode());
		for (HintEntry entry : entries) {
			buffer.putLong(entry.sequence())
				.putLong(entry.offset())
				.putInt(entry.valueLength())
				.putInt(entry.key().length)
				.put(entry.tombstone() ? LogFormat.FLAG_TOMBSTONE : 0)
				.put(entry.key());
		}
		java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
		crc.update(buffer.array(), 0, buffer.position());
		buffer.putLong(entries.size()).putInt((int) crc.getValue()).putInt(LogFormat.HINT_END_MAGIC);
		return java.util.Arrays.copyOf(buffer.array(), buffer.position());
	}

}
