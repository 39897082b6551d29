package dev.kvstore.engine.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.DiskIo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code sync=never}, the active segment is forced in the background once
 * {@link LogStructuredKV#BACKGROUND_SYNC_BYTES} of it are not, so that a rotation finds
 * little left to force.
 */
@Timeout(30)
class LogBackgroundSyncTest {

	private static final int VALUE_BYTES = 1 << 20;

	@TempDir
	Path dir;

	@Test
	void manyUnforcedBytesAreForcedWithoutARotation() throws InterruptedException {
		LogOptions options = LogTestSupport.options(this.dir, DiskIo.INSTANCE, 64L << 20, SyncMode.NEVER);
		try (LogStructuredKV engine = LogStructuredKV.open(options)) {
			int values = (int) (LogStructuredKV.BACKGROUND_SYNC_BYTES / VALUE_BYTES) + 1;
			for (int i = 0; i < values; i++) {
				engine.put(("key-" + i).getBytes(StandardCharsets.UTF_8), new byte[VALUE_BYTES]);
			}
			// Nothing else forces a sync=never segment before it is rotated or closed.
			while (engine.stats().syncBatches() == 0) {
				Thread.sleep(5);
			}
			assertThat(engine.stats().segments()).as("no rotation forced it").isEqualTo(1);
		}
	}

}
