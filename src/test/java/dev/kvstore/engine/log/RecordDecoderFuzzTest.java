package dev.kvstore.engine.log;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds arbitrary bytes to the record decoder: it either decodes a record that encodes
 * back to the same bytes, or throws {@link MalformedDataException}; no other exception,
 * no huge allocation. {@code ./mvnw verify} fuzzes it briefly (see the
 * {@code fuzz-records} execution in pom.xml); {@code docs/testing.md} says how to fuzz it
 * for longer.
 */
class RecordDecoderFuzzTest {

	@FuzzTest(maxDuration = "15s")
	void decoderAcceptsOnlyWellFormedRecords(byte[] data) {
		ByteBuffer buffer = ByteBuffer.wrap(data);
		LogRecord record;
		try {
			record = RecordCodec.decode(buffer);
		}
		catch (MalformedDataException ex) {
			assertThat(buffer.position()).isZero();
			return;
		}
		ByteBuffer reencoded = RecordCodec.encode(record.sequence(), record.key(), record.value(), record.tombstone());
		assertThat(buffer.position()).isEqualTo(reencoded.remaining());
		assertThat(ByteBuffer.wrap(data, 0, buffer.position())).isEqualTo(reencoded);
	}

}
