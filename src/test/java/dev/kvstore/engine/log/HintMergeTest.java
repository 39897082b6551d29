package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.DiskIo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merges random hint files, from none to a dozen, and compares what comes out with the
 * rule applied naively: per key, the highest sequence number wins (of equal ones, the
 * segment of the lowest id); everything else, and a winning tombstone, is dead.
 */
class HintMergeTest {

	private static final long SEGMENT_SIZE = 1 << 20;

	@TempDir
	Path dir;

	/** What a loader was given, in order. */
	private static final class Recording implements KeyIndex.Loader {

		final Map<String, IndexEntry> added = new LinkedHashMap<>();

		@Override
		public void add(byte[] source, int from, int to, IndexEntry entry) {
			this.added.put(HexFormat.of().formatHex(source, from, to), entry);
		}

		@Override
		public void finish() {
		}

	}

	private record Record(long segment, HintEntry entry) {

	}

	@Test
	void mergesLikeTheRuleAppliedRecordByRecord() throws IOException {
		Random random = new Random(5);
		SegmentFiles files = new SegmentFiles(this.dir);
		for (int round = 0; round < 60; round++) {
			int inputs = round % 13;
			List<HintMerge.Source> sources = new ArrayList<>();
			List<Record> records = new ArrayList<>();
			List<Segment> segments = new ArrayList<>();
			long sequence = 1;
			for (int s = 0; s < inputs; s++) {
				long id = 100L * round + s + 1;
				List<HintEntry> entries = new ArrayList<>();
				int count = (random.nextInt(4) == 0) ? 0 : random.nextInt(40);
				for (int i = 0; i < count; i++) {
					boolean copy = !records.isEmpty() && random.nextInt(8) == 0;
					HintEntry entry;
					if (copy) {
						// a copy left by an interrupted compaction: same key, same
						// sequence number
						HintEntry original = records.get(random.nextInt(records.size())).entry();
						entry = new HintEntry(original.sequence(), 32 + random.nextInt(1000), original.valueLength(),
								original.key(), original.tombstone());
					}
					else {
						byte[] key = new byte[1 + random.nextInt(3)];
						for (int b = 0; b < key.length; b++) {
							key[b] = (byte) "ab\u00ff".charAt(random.nextInt(3));
						}
						boolean tombstone = random.nextInt(4) == 0;
						entry = new HintEntry(sequence++, 32 + random.nextInt(1000), tombstone ? 0 : random.nextInt(50),
								key, tombstone);
					}
					boolean duplicate = false;
					for (HintEntry other : entries) {
						duplicate |= Arrays.equals(other.key(), entry.key()) && other.sequence() == entry.sequence();
					}
					if (!duplicate) {
						entries.add(entry);
						records.add(new Record(id, entry));
					}
				}
				HintFiles.write(DiskIo.INSTANCE, files, id, 1, entries);
				Segment segment = new Segment(id, files.segment(id), LogFormat.KIND_WRITE, DiskIo.INSTANCE, null,
						SEGMENT_SIZE);
				segments.add(segment);
				sources.add(new HintMerge.Source(segment,
						HintFile.read(DiskIo.INSTANCE, files.hint(id), id, SEGMENT_SIZE)));
			}
			Recording loader = new Recording();
			Map<byte[], Long> deleted = new TreeMap<>(Arrays::compareUnsigned);
			long max = new HintMerge(sources).into(loader, deleted);

			TreeMap<String, Record> winners = new TreeMap<>();
			Map<Long, Long> dead = new TreeMap<>();
			for (Record record : records) {
				String key = HexFormat.of().formatHex(record.entry().key());
				Record best = winners.get(key);
				if (best == null || record.entry().sequence() > best.entry().sequence()
						|| (record.entry().sequence() == best.entry().sequence()
								&& record.segment() < best.segment())) {
					if (best != null) {
						dead.merge(best.segment(), (long) best.entry().recordSize(), Long::sum);
					}
					winners.put(key, record);
				}
				else {
					dead.merge(record.segment(), (long) record.entry().recordSize(), Long::sum);
				}
			}
			Map<String, IndexEntry> puts = new LinkedHashMap<>();
			Map<String, Long> tombstones = new TreeMap<>();
			for (Map.Entry<String, Record> winner : winners.entrySet()) {
				Record record = winner.getValue();
				if (record.entry().tombstone()) {
					tombstones.put(winner.getKey(), record.entry().sequence());
					dead.merge(record.segment(), (long) record.entry().recordSize(), Long::sum);
				}
				else {
					puts.put(winner.getKey(), new IndexEntry(record.segment(), record.entry().offset(),
							record.entry().recordSize(), record.entry().sequence()));
				}
			}
			// Hex sorts as the unsigned bytes do, so the order is checked too.
			assertThat(new ArrayList<>(loader.added.entrySet())).isEqualTo(new ArrayList<>(puts.entrySet()));
			Map<String, Long> deletedHex = new TreeMap<>();
			deleted.forEach((key, at) -> deletedHex.put(HexFormat.of().formatHex(key), at));
			assertThat(deletedHex).isEqualTo(tombstones);
			for (Segment segment : segments) {
				assertThat(segment.deadBytes()).as("dead bytes of segment %d", segment.id())
					.isEqualTo(dead.getOrDefault(segment.id(), 0L));
			}
			assertThat(max)
				.isEqualTo(records.stream().mapToLong((record) -> record.entry().sequence()).max().orElse(0));
		}
	}

}
