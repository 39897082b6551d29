package dev.kvstore.engine.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void recordRoundTrips() {
		ByteBuffer encoded = RecordCodec.encode(42, bytes("key"), bytes("value"), false);
		assertThat(encoded.remaining()).isEqualTo(LogFormat.RECORD_HEADER_SIZE + 3 + 5);
		LogRecord record = RecordCodec.decode(encoded);
		assertThat(record.sequence()).isEqualTo(42);
		assertThat(record.key()).isEqualTo(bytes("key"));
		assertThat(record.value()).isEqualTo(bytes("value"));
		assertThat(record.tombstone()).isFalse();
		assertThat(encoded.hasRemaining()).isFalse();
	}

	@Test
	void tombstoneRoundTrips() {
		LogRecord record = RecordCodec.decode(RecordCodec.encode(7, bytes("gone"), new byte[0], true));
		assertThat(record.tombstone()).isTrue();
		assertThat(record.value()).isEmpty();
	}

	@Test
	void headerMatchesTheDocumentedLayout() {
		ByteBuffer encoded = RecordCodec.encode(0x0102030405060708L, bytes("k"), bytes("vv"), false);
		assertThat(encoded.getLong(4)).isEqualTo(0x0102030405060708L);
		assertThat(encoded.getInt(12)).isEqualTo(1);
		assertThat(encoded.getInt(16)).isEqualTo(2);
		assertThat(encoded.get(20)).isZero();
		assertThat(encoded.get(21)).isEqualTo((byte) 'k');
		assertThat(RecordCodec.encode(1, bytes("k"), new byte[0], true).get(20)).isEqualTo(LogFormat.FLAG_TOMBSTONE);
	}

	@Test
	void workedExampleOfTheDataFormatDocumentStaysTrue() {
		assertThat(hex(RecordCodec.encode(7, bytes("users/42"), bytes("hello"), false))).isEqualTo(
				"f6ad4651" + "0000000000000007" + "00000008" + "00000005" + "00" + "75736572732f3432" + "68656c6c6f");
		assertThat(hex(RecordCodec.encode(8, bytes("users/42"), new byte[0], true)))
			.isEqualTo("2130849d" + "0000000000000008" + "00000008" + "00000000" + "01" + "75736572732f3432");
		assertThat(hex(new FileHeader(LogFormat.SEGMENT_MAGIC, LogFormat.KIND_WRITE, 1, 7).encode())).isEqualTo(
				"4b564c47" + "0001" + "0001" + "0000000000000001" + "0000000000000007" + "00000000" + "eb1e0e28");
	}

	private static String hex(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return java.util.HexFormat.of().formatHex(bytes);
	}

	@Test
	void tombstoneWithValueCannotBeEncoded() {
		assertThatThrownBy(() -> RecordCodec.encode(1, bytes("k"), bytes("v"), true))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void stampingMatchesEncodingInOneStep() {
		ByteBuffer unstamped = RecordCodec.encodeUnstamped(bytes("key"), bytes("value"), false);
		RecordCodec.stamp(unstamped, 9);
		assertThat(unstamped).isEqualTo(RecordCodec.encode(9, bytes("key"), bytes("value"), false));
	}

	@Test
	void everyFlippedBitIsDetected() {
		byte[] encoded = RecordCodec.encode(5, bytes("key"), bytes("value"), false).array();
		for (int i = 0; i < encoded.length; i++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] damaged = encoded.clone();
				damaged[i] ^= (byte) (1 << bit);
				ByteBuffer buffer = ByteBuffer.wrap(damaged);
				assertThatThrownBy(() -> RecordCodec.decode(buffer)).isInstanceOf(MalformedDataException.class);
				assertThat(buffer.position()).isZero();
			}
		}
	}

	@Test
	void truncatedRecordIsCutShort() {
		byte[] encoded = RecordCodec.encode(5, bytes("key"), bytes("value"), false).array();
		for (int length = 0; length < encoded.length; length++) {
			ByteBuffer buffer = ByteBuffer.wrap(encoded, 0, length);
			assertThatThrownBy(() -> RecordCodec.decode(buffer)).isInstanceOf(MalformedDataException.class)
				.hasMessageContaining("cut short");
		}
	}

	@Test
	void impossibleLengthsAreRejectedBeforeAllocating() {
		ByteBuffer buffer = RecordCodec.encode(5, bytes("key"), bytes("value"), false);
		buffer.putInt(16, Integer.MAX_VALUE);
		assertThatThrownBy(() -> RecordCodec.decode(buffer)).isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("impossible value length");
		buffer.putInt(16, 5).putInt(12, 0);
		assertThatThrownBy(() -> RecordCodec.decode(buffer)).isInstanceOf(MalformedDataException.class)
			.hasMessageContaining("impossible key length");
	}

	@Test
	void decodingWithoutValueSkipsIt() {
		ByteBuffer buffer = RecordCodec.encode(3, bytes("key"), bytes("value"), false);
		LogRecord record = RecordCodec.decode(buffer, false);
		assertThat(record.value()).isEmpty();
		assertThat(buffer.hasRemaining()).isFalse();
	}

}
