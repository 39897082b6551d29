package dev.kvstore.engine.log;

import java.nio.ByteBuffer;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds arbitrary bytes to the hint file parser: it either returns entries that all lie
 * inside their segment, or throws {@link MalformedDataException}; no other exception, no
 * huge allocation. {@code ./mvnw verify} fuzzes it briefly (the {@code fuzz-hints}
 * execution in pom.xml).
 */
class HintDecoderFuzzTest {

	private static final long SEGMENT_SIZE = 1 << 20;

	@FuzzTest(maxDuration = "15s")
	void parserAcceptsOnlyWellFormedHints(byte[] data) {
		List<HintEntry> entries;
		try {
			entries = HintFiles.parse(ByteBuffer.wrap(data), 1, SEGMENT_SIZE);
		}
		catch (MalformedDataException ex) {
			return;
		}
		for (HintEntry entry : entries) {
			assertThat(entry.offset()).isGreaterThanOrEqualTo(LogFormat.FILE_HEADER_SIZE);
			assertThat(entry.offset() + entry.recordSize()).isLessThanOrEqualTo(SEGMENT_SIZE);
			assertThat(entry.key()).isNotEmpty();
		}
	}

}
