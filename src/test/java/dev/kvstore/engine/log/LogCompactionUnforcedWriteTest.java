package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.testing.FaultyIo;

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
			CompactionHooks io = new CompactionHooks(disk);
			LogOptions options = options(store, io, 1 << 20, sync);
			LogStructuredKV engine = LogStructuredKV.open(options);
			engine.put(bytes("a"), bytes("first live record"));
			engine.put(bytes("k"), bytes("old"));
			engine.put(bytes("x"), bytes("1"));
			engine.put(bytes("x"), bytes("2"));
			// When the compaction writes its first output, after it found "a" live but
			// before it looks at "k", a write replaces "k" in the new active segment.
			io.atFirstOutputWrite = () -> engine.put(bytes("k"), bytes("new"));
			engine.compact();
			assertThat(io.ranAtFirstOutputWrite()).as("the write ran during the compaction").isTrue();

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

}
