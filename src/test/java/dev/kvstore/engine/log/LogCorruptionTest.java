package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.DataDirectoryLockedException;
import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.Corruptor;

import static dev.kvstore.engine.log.LogTestSupport.awaitHints;
import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.deleteHints;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.records;
import static dev.kvstore.engine.log.LogTestSupport.segments;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damages older segments, hint files, segment headers and the LOCK file, and proves: a
 * damaged record is never served (a read throws a {@link CorruptionException} naming file
 * and offset), a strict start stops with such an error, the salvage mode keeps every
 * intact record, reports what it dropped and leaves a store that starts strictly, a bad
 * hint file only means a scan, a huge length field is an error and not an out-of-memory,
 * and the lock lets a restart through after a crash but not a second open.
 */
class LogCorruptionTest {

	private static final long SEGMENT_SIZE = 4096;

	private static final int KEYS = 300;

	@TempDir
	Path dir;

	private Path pristine;

	private int run;

	@BeforeEach
	void writeStore() {
		this.pristine = this.dir.resolve("pristine");
		try (LogStructuredKV engine = LogStructuredKV
			.open(options(this.pristine, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.NEVER))) {
			for (int i = 0; i < KEYS; i++) {
				engine.put(bytes(key(i)), bytes(value(i)));
			}
			awaitHints(this.pristine);
		}
		assertThat(segments(this.pristine)).hasSizeGreaterThan(3);
	}

	@Test
	void damagedRecordIsNeverServedWhenHintsSkipTheScan() throws IOException {
		LogTestSupport.RecordAt victim = victim();
		for (long at = victim.offset(); at < victim.end(); at++) {
			Path copy = copy();
			Path segment = segments(copy).get(1);
			Corruptor.flipByte(segment, at);
			try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
				assertThatThrownBy(() -> engine.get(bytes(victim.key()))).as("byte %d flipped", at)
					.isInstanceOfSatisfying(CorruptionException.class, (ex) -> {
						assertThat(ex.file()).isEqualTo(segment);
						assertThat(ex.offset()).isEqualTo(victim.offset());
					})
					.hasMessageContaining(segment.getFileName().toString())
					.hasMessageContaining("offset " + victim.offset());
				checkAllBut(engine, victim.key());
			}
		}
	}

	@Test
	void strictStartStopsAtDamageNamingFileAndOffset() throws IOException {
		LogTestSupport.RecordAt victim = victim();
		for (long at : new long[] { victim.offset(), victim.offset() + 5, victim.offset() + 13, victim.offset() + 20,
				victim.offset() + 22, victim.end() - 1 }) {
			Path copy = copy();
			deleteHints(copy);
			Path segment = segments(copy).get(1);
			Corruptor.flipByte(segment, at);
			assertThatThrownBy(() -> LogStructuredKV.open(strict(copy))).as("byte %d flipped", at)
				.isInstanceOfSatisfying(CorruptionException.class, (ex) -> {
					assertThat(ex.file()).isEqualTo(segment);
					assertThat(ex.offset()).isEqualTo(victim.offset());
				})
				.hasMessageContaining(segment.getFileName().toString())
				.hasMessageContaining("offset " + victim.offset());
		}
	}

	@Test
	void salvageKeepsEveryIntactRecordReportsTheDamageAndLeavesAStoreThatStartsStrictly() throws IOException {
		LogTestSupport.RecordAt victim = victim();
		Path copy = copy();
		deleteHints(copy);
		Path segment = segments(copy).get(1);
		Corruptor.flipByte(segment, victim.offset() + 25);
		List<String> dropped = new ArrayList<>();
		LogOptions salvage = strict(copy).withRecovery(RecoveryMode.SALVAGE).withListener(new EngineListener() {
			@Override
			public void onDataDropped(Path file, long offset, long bytes, String reason) {
				dropped.add(file.getFileName() + "@" + offset);
			}
		});
		try (LogStructuredKV engine = LogStructuredKV.open(salvage)) {
			assertThat(dropped).contains(segment.getFileName() + "@" + victim.offset());
			assertThat(engine.get(bytes(victim.key()))).isEmpty();
			checkAllBut(engine, victim.key());
		}
		try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
			assertThat(engine.get(bytes(victim.key()))).isEmpty();
			checkAllBut(engine, victim.key());
		}
	}

	@Test
	void damagedHintFileOnlyMeansAScan() throws IOException {
		Random random = new Random(7);
		for (int round = 0; round < 30; round++) {
			Path copy = copy();
			Path hint = LogTestSupport.files(copy, SegmentFiles.HINT_SUFFIX).get(round % 3);
			Corruptor.flipByte(hint, random.nextLong(Files.size(hint)));
			try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
				checkAllBut(engine, null);
			}
		}
	}

	@Test
	void hugeValueLengthIsAnErrorNotAnOutOfMemory() throws IOException {
		hugeLength(16);
	}

	@Test
	void hugeKeyLengthIsAnErrorNotAnOutOfMemory() throws IOException {
		hugeLength(12);
	}

	private void hugeLength(int field) throws IOException {
		LogTestSupport.RecordAt victim = victim();
		byte[] huge = ByteBuffer.allocate(4).putInt(0x7FFFFFFF).array();
		Path withHints = copy();
		Corruptor.overwrite(segments(withHints).get(1), victim.offset() + field, huge);
		try (LogStructuredKV engine = LogStructuredKV.open(strict(withHints))) {
			assertThatThrownBy(() -> engine.get(bytes(victim.key()))).isInstanceOf(CorruptionException.class)
				.hasMessageContaining("offset " + victim.offset());
			checkAllBut(engine, victim.key());
		}
		Path withoutHints = copy();
		deleteHints(withoutHints);
		Corruptor.overwrite(segments(withoutHints).get(1), victim.offset() + field, huge);
		assertThatThrownBy(() -> LogStructuredKV.open(strict(withoutHints))).isInstanceOf(CorruptionException.class)
			.hasMessageContaining("offset " + victim.offset());
		try (LogStructuredKV engine = LogStructuredKV.open(strict(withoutHints).withRecovery(RecoveryMode.SALVAGE))) {
			checkAllBut(engine, victim.key());
		}
	}

	@Test
	void wrongMagicInASegmentHeaderStopsAStrictStart() throws IOException {
		Path copy = copy();
		Path segment = segments(copy).get(1);
		Corruptor.overwrite(segment, 0, bytes("XXXX"));
		assertThatThrownBy(() -> LogStructuredKV.open(strict(copy)))
			.isInstanceOfSatisfying(CorruptionException.class, (ex) -> {
				assertThat(ex.file()).isEqualTo(segment);
				assertThat(ex.offset()).isZero();
			})
			.hasMessageContaining("magic")
			.hasMessageContaining(segment.getFileName().toString());
	}

	@Test
	void unknownFormatVersionInASegmentHeaderStopsAStrictStart() throws IOException {
		Path copy = copy();
		Path segment = segments(copy).get(1);
		ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(segment), 0, LogFormat.FILE_HEADER_SIZE).slice();
		header.putShort(4, (short) (LogFormat.FORMAT_VERSION + 1));
		CRC32C crc = new CRC32C();
		crc.update(header.duplicate().limit(28));
		header.putInt(28, (int) crc.getValue());
		byte[] bytes = new byte[LogFormat.FILE_HEADER_SIZE];
		header.get(0, bytes);
		Corruptor.overwrite(segment, 0, bytes);
		assertThatThrownBy(() -> LogStructuredKV.open(strict(copy))).isInstanceOf(CorruptionException.class)
			.hasMessageContaining("version " + (LogFormat.FORMAT_VERSION + 1))
			.hasMessageContaining(segment.getFileName().toString());
	}

	@Test
	void staleLockFileWithGarbageDoesNotStopAStart() throws IOException {
		Path copy = copy();
		Files.write(copy.resolve(SegmentFiles.LOCK), bytes("pid 999999 \u0000\u00ff garbage"));
		try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
			checkAllBut(engine, null);
		}
	}

	@Test
	void emptyLockFileDoesNotStopAStart() throws IOException {
		Path copy = copy();
		Files.write(copy.resolve(SegmentFiles.LOCK), new byte[0]);
		try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
			checkAllBut(engine, null);
		}
	}

	@Test
	void secondOpenOfAnOpenDirectoryFailsAtOnce() {
		Path copy = copy();
		try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
			assertThatThrownBy(() -> LogStructuredKV.open(strict(copy)))
				.isInstanceOf(DataDirectoryLockedException.class)
				.hasMessageContaining(copy.toString());
			checkAllBut(engine, null);
			engine.put(bytes("still"), bytes("writable"));
		}
		try (LogStructuredKV engine = LogStructuredKV.open(strict(copy))) {
			assertThat(engine.get(bytes("still"))).isPresent();
		}
	}

	/** A record in the middle of the second segment, which is immutable. */
	private LogTestSupport.RecordAt victim() {
		List<LogTestSupport.RecordAt> records = records(segments(this.pristine).get(1));
		return records.get(records.size() / 2);
	}

	private void checkAllBut(LogStructuredKV engine, String damaged) {
		for (int i = 0; i < KEYS; i++) {
			if (!key(i).equals(damaged)) {
				assertThat(engine.get(bytes(key(i))).map((v) -> text(v.value()))).as(key(i)).contains(value(i));
			}
		}
	}

	private LogOptions strict(Path path) {
		return options(path, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.NEVER).withRecovery(RecoveryMode.STRICT);
	}

	private Path copy() {
		return LogTestSupport.copy(this.pristine, this.dir.resolve("copy-" + (this.run++)));
	}

	private static String key(int i) {
		return String.format("key-%03d", i);
	}

	private static String value(int i) {
		return "value-" + i + "-" + "w".repeat(i % 13);
	}

}
