package dev.kvstore.engine.log;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentFilesTest {

	private final SegmentFiles files = new SegmentFiles(Path.of("data", "log"));

	@Test
	void namesRoundTrip() {
		assertThat(this.files.segment(7).getFileName()).hasToString("0000000007.seg");
		assertThat(this.files.hint(7).getFileName()).hasToString("0000000007.hint");
		assertThat(SegmentFiles.segmentId(this.files.segment(7))).hasValue(7);
		assertThat(SegmentFiles.hintId(this.files.hint(12345678901L))).hasValue(12345678901L);
	}

	@Test
	void otherFilesAreNotSegments() {
		assertThat(SegmentFiles.segmentId(Path.of("LOCK"))).isEmpty();
		assertThat(SegmentFiles.segmentId(Path.of("0000000007.hint"))).isEmpty();
		assertThat(SegmentFiles.segmentId(Path.of("x7.seg"))).isEmpty();
		assertThat(SegmentFiles.segmentId(Path.of(".seg"))).isEmpty();
		assertThat(SegmentFiles.segmentId(this.files.temp(this.files.segment(7)))).isEmpty();
	}

	@Test
	void temporaryFilesAreRecognised() {
		assertThat(SegmentFiles.isTemp(this.files.temp(this.files.segment(3)))).isTrue();
		assertThat(SegmentFiles.isTemp(this.files.segment(3))).isFalse();
	}

}
