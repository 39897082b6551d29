package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.DiskIo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HintFilesTest {

	@TempDir
	Path dir;

	private List<HintEntry> entries() {
		return List.of(new HintEntry(1, 32, 5, "alpha".getBytes(StandardCharsets.UTF_8), false),
				new HintEntry(2, 63, 0, "beta".getBytes(StandardCharsets.UTF_8), true));
	}

	private Path write() throws IOException {
		SegmentFiles files = new SegmentFiles(this.dir);
		HintFiles.write(DiskIo.INSTANCE, files, 4, 3, entries());
		return files.hint(4);
	}

	@Test
	void hintRoundTrips() throws IOException {
		Path hint = write();
		List<HintEntry> read = HintFiles.read(DiskIo.INSTANCE, hint, 4, 1000);
		assertThat(read).hasSize(2);
		assertThat(read.get(0).key()).isEqualTo(entries().get(0).key());
		assertThat(read.get(0).offset()).isEqualTo(32);
		assertThat(read.get(1).tombstone()).isTrue();
		assertThat(read.get(1).sequence()).isEqualTo(2);
		assertThat(Files.exists(new SegmentFiles(this.dir).temp(hint))).isFalse();
	}

	@Test
	void everyFlippedByteMakesTheHintUnusable() throws IOException {
		Path hint = write();
		byte[] original = Files.readAllBytes(hint);
		for (int i = 0; i < original.length; i++) {
			byte[] damaged = original.clone();
			damaged[i] ^= 0x10;
			Files.write(hint, damaged);
			assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 4, 1000))
				.isInstanceOf(MalformedDataException.class);
		}
	}

	@Test
	void truncatedHintIsUnusable() throws IOException {
		Path hint = write();
		byte[] original = Files.readAllBytes(hint);
		for (int length = 0; length < original.length; length++) {
			Files.write(hint, java.util.Arrays.copyOf(original, length));
			assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 4, 1000))
				.isInstanceOf(MalformedDataException.class);
		}
	}

	@Test
	void entryPointingPastItsSegmentIsUnusable() throws IOException {
		Path hint = write();
		assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 4, 60))
			.isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("outside its segment");
	}

	@Test
	void hintOfAnotherSegmentIsUnusable() throws IOException {
		Path hint = write();
		assertThatThrownBy(() -> HintFiles.read(DiskIo.INSTANCE, hint, 5, 1000))
			.isInstanceOf(MalformedDataException.class);
	}

}
