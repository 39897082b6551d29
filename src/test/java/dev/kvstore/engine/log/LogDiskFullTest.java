package dev.kvstore.engine.log;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.StorageFullException;
import dev.kvstore.engine.io.DiskFull;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.FaultyIo;
import dev.kvstore.engine.testing.PartialWrite;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.deleteHints;
import static dev.kvstore.engine.log.LogTestSupport.newestSegment;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.size;
import static dev.kvstore.engine.log.LogTestSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fills the disk during an append, a rotation, a compaction and a hint write, and proves
 * that foreground operations fail with {@link StorageFullException}, that nothing
 * acknowledged is lost, that a failed write leaves no trace, and that writes work again
 * as soon as space comes back, without reopening.
 */
class LogDiskFullTest {

	private static final long SEGMENT_SIZE = 4096;

	@TempDir
	Path dir;

	private int run;

	@Test
	void diskFullDuringAnAppendFailsItAndWritesResumeWhenSpaceReturns() {
		for (PartialWrite partial : PartialWrite.values()) {
			FaultyIo io = new FaultyIo();
			io.setPartialWrite(partial);
			LogOptions options = options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS);
			Ledger ledger = new Ledger();
			try (LogStructuredKV engine = LogStructuredKV.open(options)) {
				fill(engine, ledger, 0, 100);
				io.setDiskFull(true);
				assertThatThrownBy(() -> engine.put(bytes("refused"), bytes("value")))
					.isInstanceOf(StorageFullException.class);
				assertThatThrownBy(() -> engine.delete(bytes("key-1"))).isInstanceOf(StorageFullException.class);
				ledger.verify(engine, "disk full, " + partial);
				io.setDiskFull(false);
				fill(engine, ledger, 100, 150);
				assertThat(engine.get(bytes("refused"))).isEmpty();
				ledger.verify(engine, "space back, " + partial);
			}
			reopenAndVerify(options, ledger, "refused");
		}
	}

	@Test
	void diskFullDuringARotationFailsTheWriteAndWritesResumeWhenSpaceReturns() {
		FaultyIo io = new FaultyIo();
		Path path = nextDir();
		LogOptions options = options(path, io, SEGMENT_SIZE, SyncMode.ALWAYS);
		Ledger ledger = new Ledger();
		String value = "v".repeat(40);
		int recordSize = (int) LogFormat.recordSize(bytes("key-000").length, value.length());
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			int i = 0;
			// Fill the first segment to where the next record makes it rotate (the file
			// itself is longer: it holds zeros written ahead).
			for (long end = LogFormat.FILE_HEADER_SIZE; end + recordSize <= SEGMENT_SIZE; end += recordSize) {
				ledger.put(engine, String.format("key-%03d", i++ % 200), value);
			}
			long segments = engine.stats().segments();
			io.setDiskFull(true);
			assertThatThrownBy(() -> engine.put(bytes("key-999"), bytes(value)))
				.isInstanceOf(StorageFullException.class);
			assertThat(engine.stats().segments()).isEqualTo(segments);
			ledger.verify(engine);
			io.setDiskFull(false);
			assertThat(ledger.put(engine, "key-998", value)).isTrue();
			assertThat(engine.stats().segments()).isEqualTo(segments + 1);
			assertThat(ledger.failures()).isZero();
			ledger.verify(engine);
		}
		reopenAndVerify(options, ledger, "key-999");
	}

	@Test
	void diskFullDuringACompactionFailsItAndLosesNothing() {
		for (long budget : new long[] { 0, 31, 32, 100, 500, 1500, 2000, 2500, 6000 }) {
			FaultyIo io = new FaultyIo();
			LogOptions options = options(nextDir(), io, SEGMENT_SIZE, SyncMode.ALWAYS);
			Ledger ledger = new Ledger();
			String scenario = "budget " + budget;
			try (LogStructuredKV engine = LogStructuredKV.open(options)) {
				fill(engine, ledger, 0, 300);
				io.setWriteBudget(budget);
				if (budget <= 500) {
					assertThatThrownBy(engine::compact).as(scenario).isInstanceOf(StorageFullException.class);
				}
				else {
					// the copy may fit, and then the hint write or the commit meets
					// the full disk
					try {
						engine.compact();
					}
					catch (RuntimeException ex) {
						assertThat(ex).as(scenario).isInstanceOf(StorageFullException.class);
					}
				}
				ledger.verify(engine, scenario);
				io.setDiskFull(false);
				fill(engine, ledger, 300, 350);
				assertThat(ledger.compact(engine)).as(scenario).isTrue();
				assertThat(ledger.failures()).as(scenario).isZero();
				ledger.verify(engine, scenario);
			}
			reopenAndVerify(options, ledger, null);
		}
	}

	@Test
	void diskFullDuringAHintWriteIsReportedAndLosesNothing() {
		Path path = nextDir();
		LogOptions plain = options(path, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.ALWAYS);
		Ledger ledger = new Ledger();
		try (LogStructuredKV engine = LogStructuredKV.open(plain)) {
			for (int i = 0; engine.stats().segments() < 4; i++) {
				ledger.put(engine, "key-" + (i % 200), "value-" + i);
			}
			ledger.put(engine, "last", "value");
		}
		deleteHints(path);
		FaultyIo io = new FaultyIo();
		List<Exception> failures = new CopyOnWriteArrayList<>();
		LogOptions options = plain.withIo(io).withListener(new EngineListener() {
			@Override
			public void onBackgroundFailure(String task, Exception failure) {
				failures.add(failure);
			}
		});
		io.setDiskFull(true);
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			for (int attempt = 0; attempt < 1000 && failures.isEmpty(); attempt++) {
				sleep(10);
			}
			assertThat(failures).as("hint writes that failed").isNotEmpty().allMatch(DiskFull::is);
			assertThat(LogTestSupport.files(path, SegmentFiles.HINT_SUFFIX)).isEmpty();
			ledger.verify(engine);
			assertThatThrownBy(() -> engine.put(bytes("refused"), bytes("value")))
				.isInstanceOf(StorageFullException.class);
			io.setDiskFull(false);
			assertThat(ledger.put(engine, "after", "space came back")).isTrue();
			ledger.verify(engine);
		}
		reopenAndVerify(options, ledger, "refused");
	}

	private static void fill(LogStructuredKV engine, Ledger ledger, int from, int to) {
		for (int i = from; i < to; i++) {
			String key = "key-" + (i % 40);
			if (i % 6 == 5) {
				ledger.delete(engine, key);
			}
			else {
				ledger.put(engine, key, "value-" + i + "-" + "f".repeat(i % 19));
			}
		}
		assertThat(ledger.failures()).isZero();
	}

	private static void reopenAndVerify(LogOptions options, Ledger ledger, String refused) {
		try (LogStructuredKV engine = LogStructuredKV.open(options.withIo(DiskIo.INSTANCE))) {
			ledger.verify(engine, "after reopen");
			if (refused != null) {
				assertThat(engine.get(bytes(refused))).isEmpty();
			}
		}
	}

	private Path nextDir() {
		return this.dir.resolve("run-" + (this.run++));
	}

}
