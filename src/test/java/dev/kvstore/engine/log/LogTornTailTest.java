package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.Corruptor;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.newestSegment;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.records;
import static dev.kvstore.engine.log.LogTestSupport.size;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cuts the active segment at every byte offset of its last three records, and appends
 * zeros or garbage to it, as a crash in the middle of a write leaves it, and proves that
 * a strict open succeeds, keeps every record before the cut, drops the torn one, cuts the
 * file back to the last whole record (and says so to the listener), and that writes made
 * afterwards survive another reopen.
 */
class LogTornTailTest {

	@TempDir
	Path dir;

	private Path pristine;

	private List<LogTestSupport.RecordAt> records;

	@BeforeEach
	void writeStore() {
		this.pristine = this.dir.resolve("pristine");
		try (LogStructuredKV engine = LogStructuredKV
			.open(options(this.pristine, DiskIo.INSTANCE, 1 << 20, SyncMode.NEVER))) {
			for (int i = 0; i < 40; i++) {
				engine.put(bytes(key(i)), bytes(value(i)));
			}
			engine.delete(bytes(key(3)));
			engine.put(bytes(key(38)), bytes("overwritten"));
		}
		this.records = records(newestSegment(this.pristine));
		assertThat(this.records).hasSize(42);
	}

	@Test
	void cutAtEveryOffsetOfTheLastRecordsKeepsEveryRecordBeforeIt() throws IOException {
		long from = this.records.get(this.records.size() - 3).offset();
		long end = this.records.get(this.records.size() - 1).end();
		assertThat(size(newestSegment(this.pristine))).isEqualTo(end);
		for (long cut = from; cut < end; cut++) {
			Path copy = LogTestSupport.copy(this.pristine, this.dir.resolve("cut-" + cut));
			Corruptor.truncate(newestSegment(copy), cut);
			reopenAndCheck(copy, cut, "cut at " + cut);
		}
	}

	@Test
	void zerosAfterTheLastRecordAreCutOffQuietly() throws IOException {
		// Zeros are what preallocation leaves after a crash: cut, but not reported as
		// dropped data.
		long end = this.records.get(this.records.size() - 1).end();
		for (int count : new int[] { 1, 4, 20, 21, 22, 100, 5000, 3 << 20 }) {
			Path copy = LogTestSupport.copy(this.pristine, this.dir.resolve("zeros-" + count));
			Corruptor.appendZeros(newestSegment(copy), count);
			reopenAndCheck(copy, end, count + " zeros", false);
		}
	}

	@Test
	void aTornRecordFollowedByZerosIsReported() throws IOException {
		LogTestSupport.RecordAt last = this.records.get(this.records.size() - 1);
		Path copy = LogTestSupport.copy(this.pristine, this.dir.resolve("torn-then-zeros"));
		byte[] whole = Files.readAllBytes(newestSegment(copy));
		Corruptor.append(newestSegment(copy),
				Arrays.copyOfRange(whole, (int) last.offset(), (int) (last.offset() + last.size() / 2)));
		Corruptor.appendZeros(newestSegment(copy), 4096);
		reopenAndCheck(copy, last.end(), "half a record, then zeros");
	}

	@Test
	void garbageAfterTheLastRecordIsCutOff() throws IOException {
		long end = this.records.get(this.records.size() - 1).end();
		for (int count : new int[] { 1, 7, 21, 64, 300, 3000 }) {
			for (long seed = 0; seed < 3; seed++) {
				Path copy = LogTestSupport.copy(this.pristine, this.dir.resolve("garbage-" + count + "-" + seed));
				Corruptor.appendGarbage(newestSegment(copy), count, seed);
				reopenAndCheck(copy, end, count + " bytes of garbage, seed " + seed);
			}
		}
	}

	@Test
	void tornRecordAfterAWholeCopyOfARecordIsCutOff() throws IOException {
		// a torn write whose first bytes are those of a valid record header
		LogTestSupport.RecordAt last = this.records.get(this.records.size() - 1);
		long end = last.end();
		Path copy = LogTestSupport.copy(this.pristine, this.dir.resolve("half-record"));
		byte[] whole = Files.readAllBytes(newestSegment(copy));
		byte[] half = Arrays.copyOfRange(whole, (int) last.offset(), (int) (last.offset() + last.size() / 2));
		Corruptor.append(newestSegment(copy), half);
		reopenAndCheck(copy, end, "half a record appended");
	}

	/**
	 * Opens strictly: every record that ends at or before {@code cut} is there, none
	 * after; the file ends at the last whole record; the cut is reported (if
	 * {@code reported}); a new write survives a reopen.
	 */
	private void reopenAndCheck(Path copy, long cut, String scenario) {
		reopenAndCheck(copy, cut, scenario, true);
	}

	private void reopenAndCheck(Path copy, long cut, String scenario, boolean reported) {
		List<Long> dropped = new ArrayList<>();
		LogOptions options = options(copy, DiskIo.INSTANCE, 1 << 20, SyncMode.NEVER).withRecovery(RecoveryMode.STRICT)
			.withListener(new EngineListener() {
				@Override
				public void onDataDropped(Path file, long offset, long bytes, String reason) {
					dropped.add(offset);
				}
			});
		long lastWhole = LogFormat.FILE_HEADER_SIZE;
		for (LogTestSupport.RecordAt record : this.records) {
			if (record.end() <= cut) {
				lastWhole = record.end();
			}
		}
		long sizeBefore = size(newestSegment(copy));
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			assertThat(size(newestSegment(copy))).as("%s: file cut to the last whole record", scenario)
				.isEqualTo(lastWhole);
			if (sizeBefore > lastWhole && reported) {
				assertThat(dropped).as("%s: the cut is reported", scenario).containsExactly(lastWhole);
			}
			else {
				assertThat(dropped).as(scenario).isEmpty();
			}
			checkRecords(engine, lastWhole, scenario);
			engine.put(bytes("after"), bytes("the cut"));
		}
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			checkRecords(engine, lastWhole, scenario);
			assertThat(engine.get(bytes("after")).map((v) -> text(v.value()))).as(scenario).contains("the cut");
		}
	}

	/** Replays the records that survive the cut and compares the store with them. */
	private void checkRecords(LogStructuredKV engine, long lastWhole, String scenario) {
		Map<String, String> expected = new TreeMap<>();
		for (int i = 0; i < 40; i++) {
			expected.put(key(i), null);
		}
		for (LogTestSupport.RecordAt record : this.records) {
			if (record.end() <= lastWhole) {
				int i = Integer.parseInt(record.key().substring(4));
				String value = record.tombstone() ? null : (record.sequence() > 41 ? "overwritten" : value(i));
				expected.put(record.key(), value);
			}
		}
		expected.forEach((key, value) -> assertThat(engine.get(bytes(key)).map((v) -> text(v.value())))
			.as("%s: key %s", scenario, key)
			.isEqualTo(Optional.ofNullable(value)));
	}

	private static String key(int i) {
		return String.format("key-%03d", i);
	}

	private static String value(int i) {
		return "value-" + i + "-" + "v".repeat(i % 11);
	}

}
