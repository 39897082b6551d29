package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.CompactionReport;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.ArmedFault;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;
import dev.kvstore.engine.testing.ForwardingFileIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compaction whose output rolls over into many outputs while writes overwrite and
 * delete keys it moves: between the copy of a record and the index pointing at the copy,
 * and before the copy. The index must end up at the newest record of every key, and the
 * garbage it counts must be what a restart that scans every segment finds.
 */
class LogCompactionMovesTest {

	private static final int KEYS = 3000;

	@TempDir
	Path dir;

	@Test
	void writesDuringACompactionOfManyOutputsWinAndTheGarbageIsCountedAsARestartCountsIt(@TempDir Path scanned)
			throws IOException {
		Random random = new Random(5);
		Map<String, String> model = new HashMap<>();
		int[] outputs = { 0 };
		LogStructuredKV[] engine = { null };
		// Each time an output is renamed to its real name, and each time its hint is,
		// some keys change: some of them were just copied into that output, others
		// are still to be copied.
		Thread test = Thread.currentThread();
		FileIo io = new HookedIo(DiskIo.INSTANCE, (target) -> {
			// Only the compaction's renames: hints of rotated segments are written in
			// the background.
			if (engine[0] == null || Thread.currentThread() != test) {
				return;
			}
			String name = target.getFileName().toString();
			if (name.endsWith(SegmentFiles.SEGMENT_SUFFIX)) {
				outputs[0]++;
			}
			for (int i = 0; i < 40; i++) {
				String key = key(random.nextInt(KEYS));
				if (random.nextInt(4) == 0) {
					engine[0].delete(bytes(key));
					model.remove(key);
				}
				else {
					String value = value(random, "during");
					engine[0].put(bytes(key), bytes(value));
					model.put(key, value);
				}
			}
		});
		LogOptions options = LogTestSupport.options(this.dir, io, 16 * 1024, SyncMode.NEVER);
		EngineStats live;
		try (LogStructuredKV opened = LogStructuredKV.open(options)) {
			for (int i = 0; i < KEYS; i++) {
				String value = value(random, "first");
				opened.put(bytes(key(i)), bytes(value));
				model.put(key(i), value);
			}
			for (int i = 0; i < KEYS; i += 2) {
				String value = value(random, "second");
				opened.put(bytes(key(i)), bytes(value));
				model.put(key(i), value);
			}
			engine[0] = opened;
			CompactionReport report = opened.compact();
			engine[0] = null;
			assertThat(outputs[0]).as("outputs of the compaction").isGreaterThan(10);
			assertThat(report.liveKeys()).isEqualTo(model.size());
			assertEverything(opened, model);
			live = opened.stats();
			assertThat(live.reclaimableBytes()).as("garbage left by the writes during the compaction").isPositive();
		}
		for (Path file : LogTestSupport.files(this.dir, "")) {
			if (!file.getFileName().toString().endsWith(SegmentFiles.HINT_SUFFIX)) {
				Files.copy(file, scanned.resolve(file.getFileName()));
			}
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(LogTestSupport.options(scanned, DiskIo.INSTANCE, 16 * 1024, SyncMode.NEVER))) {
			assertEverything(reopened, model);
			assertThat(reopened.stats().reclaimableBytes()).isEqualTo(live.reclaimableBytes());
		}
		// The hints the compaction wrote give what the scan gives.
		try (LogStructuredKV reopened = LogStructuredKV.open(options)) {
			assertEverything(reopened, model);
			assertThat(reopened.stats().reclaimableBytes()).isEqualTo(live.reclaimableBytes());
		}
	}

	@Test
	void aCompactionThatFailsBeforeItsCommitCountsTheRecordsItMovedAsGarbage(@TempDir Path scanned) throws IOException {
		Random random = new Random(7);
		FaultyIo io = new FaultyIo();
		Map<String, String> model = new HashMap<>();
		long counted;
		try (LogStructuredKV engine = LogStructuredKV
			.open(LogTestSupport.options(this.dir, io, 16 * 1024, SyncMode.ALWAYS))) {
			for (int i = 0; i < 600; i++) {
				String key = key(random.nextInt(300));
				String value = value(random, "v" + i);
				engine.put(bytes(key), bytes(value));
				model.put(key, value);
			}
			// Every output is finished and the index points at it; then the commit
			// record cannot be renamed into place, so the inputs stay.
			ArmedFault commit = io.failOnce(FaultKind.MOVE, 1,
					(path) -> path.getFileName().toString().startsWith(SegmentFiles.COMPACTION_COMMIT));
			assertThatThrownBy(engine::compact).isInstanceOf(StorageException.class);
			assertThat(commit.hasFired()).isTrue();
			assertEverything(engine, model, 300);
			counted = engine.stats().reclaimableBytes();
		}
		for (Path file : LogTestSupport.files(this.dir, "")) {
			if (!file.getFileName().toString().endsWith(SegmentFiles.HINT_SUFFIX)) {
				Files.copy(file, scanned.resolve(file.getFileName()));
			}
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(LogTestSupport.options(scanned, DiskIo.INSTANCE, 16 * 1024, SyncMode.ALWAYS))) {
			assertEverything(reopened, model, 300);
			assertThat(counted).as("the records moved out of the inputs kept are garbage there, as a restart finds")
				.isEqualTo(reopened.stats().reclaimableBytes());
		}
	}

	private static void assertEverything(LogStructuredKV engine, Map<String, String> model) {
		assertEverything(engine, model, KEYS);
	}

	private static void assertEverything(LogStructuredKV engine, Map<String, String> model, int keys) {
		for (int i = 0; i < keys; i++) {
			String key = key(i);
			assertThat(engine.get(bytes(key)).map((value) -> text(value.value()))).as("value of %s", key)
				.isEqualTo(Optional.ofNullable(model.get(key)));
		}
		assertThat(engine.stats().keys()).isEqualTo(model.size());
	}

	private static String key(int i) {
		return String.format("key-%05d", i);
	}

	private static String value(Random random, String tag) {
		return tag + "-" + "v".repeat(random.nextInt(120));
	}

	/** Receives the target of each rename, after it is made. */
	private interface MoveHook {

		void moved(Path target) throws IOException;

	}

	/** The disk, with a hook after each rename. */
	private static final class HookedIo extends ForwardingFileIo {

		private final MoveHook hook;

		HookedIo(FileIo disk, MoveHook hook) {
			super(disk);
			this.hook = hook;
		}

		@Override
		public void moveAtomically(Path source, Path target) throws IOException {
			super.moveAtomically(source, target);
			String name = target.getFileName().toString();
			if (name.endsWith(SegmentFiles.SEGMENT_SUFFIX) || name.endsWith(SegmentFiles.HINT_SUFFIX)) {
				this.hook.moved(target);
			}
		}

	}

}
