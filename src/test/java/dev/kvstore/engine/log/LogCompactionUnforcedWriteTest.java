package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.testing.FaultyIo;
import dev.kvstore.engine.testing.ForwardingFileHandle;
import dev.kvstore.engine.testing.ForwardingFileIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.crashClose;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compaction drops a record because a later write replaced it; if that later write is
 * not on disk yet when the compaction deletes its inputs, a power loss would take both,
 * and the key would come back older than any prefix of the writes. So a compaction forces
 * the active segment before it deletes anything.
 */
class LogCompactionUnforcedWriteTest {

	@TempDir
	Path dir;

	@Test
	void aRecordReplacedDuringACompactionByAWriteNotYetForcedSurvivesAPowerLoss() {
		for (SyncMode sync : new SyncMode[] { SyncMode.NEVER, SyncMode.INTERVAL }) {
			Path store = this.dir.resolve(sync.name());
			FaultyIo disk = new FaultyIo();
			WriteDuringCompaction io = new WriteDuringCompaction(disk);
			LogOptions options = options(store, io, 1 << 20, sync);
			LogStructuredKV engine = LogStructuredKV.open(options);
			engine.put(bytes("a"), bytes("first live record"));
			engine.put(bytes("k"), bytes("old"));
			engine.put(bytes("x"), bytes("1"));
			engine.put(bytes("x"), bytes("2"));
			// When the compaction writes its first output, after it found "a" live but
			// before it looks at "k", a write replaces "k" in the new active segment.
			io.duringCompaction = () -> engine.put(bytes("k"), bytes("new"));
			engine.compact();
			assertThat(io.ran.get()).as("the write ran during the compaction").isTrue();

			try {
				disk.simulatePowerLoss();
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
			crashClose(engine, disk);
			try (LogStructuredKV reopened = LogStructuredKV.open(options(store, disk, 1 << 20, sync))) {
				assertThat(reopened.get(bytes("k")).map((value) -> text(value.value())))
					.as("%s: the key's last write, or the one before it", sync)
					.hasValueSatisfying((value) -> assertThat(value).isIn("old", "new"));
				assertThat(reopened.get(bytes("a")).map((value) -> text(value.value()))).contains("first live record");
				assertThat(reopened.get(bytes("x")).map((value) -> text(value.value()))).contains("2");
			}
		}
	}

	/** Runs a task, once, at the first write to a compaction's unfinished output. */
	private static final class WriteDuringCompaction extends ForwardingFileIo {

		volatile Runnable duringCompaction;

		final AtomicBoolean ran = new AtomicBoolean();

		WriteDuringCompaction(FaultyIo disk) {
			super(disk);
		}

		@Override
		public FileHandle open(Path file, Mode mode) throws IOException {
			FileHandle handle = super.open(file, mode);
			// A compaction output's name until it is complete; hint files have their own.
			if (!file.getFileName().toString().endsWith(SegmentFiles.SEGMENT_SUFFIX + SegmentFiles.TEMP_SUFFIX)) {
				return handle;
			}
			return new ForwardingFileHandle(handle) {

				@Override
				public void write(ByteBuffer src, long position) throws IOException {
					Runnable task = WriteDuringCompaction.this.duringCompaction;
					if (task != null && WriteDuringCompaction.this.ran.compareAndSet(false, true)) {
						task.run();
					}
					super.write(src, position);
				}

			};
		}

	}

}
