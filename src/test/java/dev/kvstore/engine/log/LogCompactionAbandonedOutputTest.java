package dev.kvstore.engine.log;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.testing.ArmedFault;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compaction that fails after renaming an output into place deletes it again; when that
 * delete fails too, the output must not linger unknown to the store. Otherwise a later
 * compaction, for which it is no input, drops a tombstone whose older record it holds,
 * and the deleted key comes back at the next start.
 */
class LogCompactionAbandonedOutputTest {

	@TempDir
	Path dir;

	@Test
	void anOutputThatCouldNotBeDeletedDoesNotBringBackADeletedKey() {
		Path store = this.dir.resolve("store");
		FaultyIo io = new FaultyIo();
		LogOptions options = options(store, io, 1 << 20, SyncMode.ALWAYS);
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			engine.put(bytes("k"), bytes("deleted later"));
			engine.put(bytes("x"), bytes("1"));
			engine.put(bytes("x"), bytes("2"));
			// The compaction forces the directory when it rotates, then once its output
			// is renamed into place: that second force fails, and so does the delete of
			// the renamed output.
			ArmedFault directoryForce = io.failOnce(FaultKind.FORCE_DIRECTORY, 2);
			ArmedFault outputDelete = io.failOnce(FaultKind.DELETE, 1,
					FaultyIo.nameEndsWith(SegmentFiles.SEGMENT_SUFFIX));
			assertThatThrownBy(engine::compact).isInstanceOf(StorageException.class);
			assertThat(directoryForce.hasFired()).isTrue();
			assertThat(outputDelete.hasFired()).as("the renamed output is still there").isTrue();

			engine.delete(bytes("k"));
			engine.compact();
			assertThat(engine.get(bytes("k"))).isEmpty();
			assertThat(engine.get(bytes("x"))).map((value) -> text(value.value())).contains("2");
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(options(store, DiskIo.INSTANCE, 1 << 20, SyncMode.ALWAYS))) {
			assertThat(reopened.get(bytes("k"))).as("deleted, and deleted after a restart").isEmpty();
			assertThat(reopened.get(bytes("x"))).map((value) -> text(value.value())).contains("2");
		}
	}

}
