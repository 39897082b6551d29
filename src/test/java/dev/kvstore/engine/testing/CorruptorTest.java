package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The corruptor damages exactly what it is asked to. */
class CorruptorTest {

	@TempDir
	Path dir;

	@Test
	void flipByteChangesOnlyThatByte() throws IOException {
		Path file = file("abcd");
		Corruptor.flipByte(file, 2);
		byte[] bytes = Files.readAllBytes(file);
		assertThat(bytes).hasSize(4);
		assertThat(bytes[2]).isEqualTo((byte) ~'c');
		assertThat(new String(bytes, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("ab");
		assertThat(bytes[3]).isEqualTo((byte) 'd');
	}

	@Test
	void flipByteOutsideTheFileIsRefused() throws IOException {
		Path file = file("abcd");
		assertThatThrownBy(() -> Corruptor.flipByte(file, 4)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void truncateCutsTheTail() throws IOException {
		Path file = file("abcdef");
		Corruptor.truncate(file, 3);
		assertThat(Files.readString(file)).isEqualTo("abc");
		assertThatThrownBy(() -> Corruptor.truncate(file, 4)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void appendZerosAndGarbageGrowTheFile() throws IOException {
		Path file = file("ab");
		Corruptor.appendZeros(file, 3);
		Corruptor.appendGarbage(file, 5, 42);
		byte[] bytes = Files.readAllBytes(file);
		assertThat(bytes).hasSize(10).startsWith('a', 'b', 0, 0, 0);
		Path other = file("ab");
		Corruptor.appendZeros(other, 3);
		Corruptor.appendGarbage(other, 5, 42);
		assertThat(Files.readAllBytes(other)).isEqualTo(bytes);
	}

	@Test
	void overwriteReplacesBytesInPlace() throws IOException {
		Path file = file("aaaaaa");
		Corruptor.overwrite(file, 4, "XYZ".getBytes(StandardCharsets.US_ASCII));
		assertThat(Files.readString(file)).isEqualTo("aaaaXYZ");
	}

	@Test
	void adoptedCorruptionSurvivesAPowerLoss() throws IOException {
		FaultyIo io = new FaultyIo();
		Path file = this.dir.resolve("log");
		try (FileHandle handle = io.open(file, Mode.CREATE_NEW)) {
			handle.write(ByteBuffer.wrap("clean".getBytes(StandardCharsets.US_ASCII)), 0);
			handle.force();
		}
		io.forceDirectory(this.dir);
		Corruptor.flipByte(file, 0);
		io.adoptDiskState();
		io.simulatePowerLoss();
		assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) ~'c');
	}

	private Path file(String content) throws IOException {
		return Files.writeString(Files.createTempFile(this.dir, "f", ".data"), content);
	}

}
