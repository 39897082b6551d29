package dev.kvstore.engine.log;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileHeaderTest {

	private final FileHeader header = new FileHeader(LogFormat.SEGMENT_MAGIC, LogFormat.KIND_WRITE, 12, 345);

	@Test
	void headerRoundTrips() {
		ByteBuffer encoded = this.header.encode();
		assertThat(encoded.remaining()).isEqualTo(LogFormat.FILE_HEADER_SIZE);
		assertThat(FileHeader.decode(encoded, LogFormat.SEGMENT_MAGIC, 12)).isEqualTo(this.header);
	}

	@Test
	void wrongMagicIsNamed() {
		assertThatThrownBy(() -> FileHeader.decode(this.header.encode(), LogFormat.HINT_MAGIC, 12))
			.isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("bad magic number 0x4B564C47");
	}

	@Test
	void fileRenamedToAnotherIdIsDetected() {
		assertThatThrownBy(() -> FileHeader.decode(this.header.encode(), LogFormat.SEGMENT_MAGIC, 13))
			.isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("file id 12");
	}

	@Test
	void unknownVersionIsRefused() {
		ByteBuffer encoded = new FileHeader(LogFormat.SEGMENT_MAGIC, LogFormat.KIND_WRITE, 12, 345).encode();
		encoded.putShort(4, (short) 2);
		assertThatThrownBy(() -> FileHeader.decode(encoded, LogFormat.SEGMENT_MAGIC, 12))
			.isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("checksum");
	}

	@Test
	void everyFlippedByteIsDetected() {
		for (int i = 0; i < LogFormat.FILE_HEADER_SIZE; i++) {
			ByteBuffer encoded = this.header.encode();
			encoded.put(i, (byte) (encoded.get(i) ^ 0x40));
			assertThatThrownBy(() -> FileHeader.decode(encoded, LogFormat.SEGMENT_MAGIC, 12))
				.isInstanceOf(MalformedDataException.class);
		}
	}

}
