package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.crashClose;
import static dev.kvstore.engine.log.LogTestSupport.options;
import static dev.kvstore.engine.log.LogTestSupport.records;
import static dev.kvstore.engine.log.LogTestSupport.segments;
import static dev.kvstore.engine.log.LogTestSupport.size;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The zeros a write segment writes ahead of its appends ({@link Segment#preallocate}):
 * where they may be and where not, and that a crash that leaves them loses nothing.
 */
class SegmentPreallocationTest {

	private static final long SEGMENT_SIZE = (5L << 20) / 2;

	@TempDir
	Path dir;

	@Test
	void appendsWriteZerosAheadAChunkAtATimeUpToTheLimit() throws IOException {
		Path path = this.dir.resolve("1.seg");
		Segment segment = newSegment(path);
		segment.preallocate(1000, 2500);
		segment.append(ByteBuffer.wrap(new byte[10]).put(0, (byte) 7));
		assertThat(Files.size(path)).isEqualTo(1000);
		assertThat(segment.size()).isEqualTo(10);
		assertThat(Files.size(path) - segment.size()).as("zeros ahead").isEqualTo(990);
		segment.append(ByteBuffer.allocate(990));
		assertThat(Files.size(path)).as("exactly full: no new chunk yet").isEqualTo(1000);
		segment.append(ByteBuffer.allocate(1));
		assertThat(Files.size(path)).isEqualTo(2000);
		segment.append(ByteBuffer.allocate(1000));
		assertThat(Files.size(path)).as("capped at the limit").isEqualTo(2500);
		segment.append(ByteBuffer.allocate(600));
		assertThat(Files.size(path)).as("a record past the limit still fits").isEqualTo(2601);
		assertThat(Files.size(path)).isEqualTo(segment.size());
		segment.close();
	}

	@Test
	void trimmingCutsTheZerosAndStopsPreallocating() throws IOException {
		Path path = this.dir.resolve("1.seg");
		Segment segment = newSegment(path);
		segment.preallocate(1000, 5000);
		segment.append(ByteBuffer.allocate(10));
		segment.trimPreallocation();
		assertThat(Files.size(path)).isEqualTo(10);
		segment.append(ByteBuffer.allocate(10));
		assertThat(Files.size(path)).isEqualTo(20);
		segment.close();
	}

	@Test
	void theCutAfterAFailedAppendIsDurableOnceTheSegmentIsSealed() throws IOException {
		FaultyIo io = new FaultyIo();
		Path path = this.dir.resolve("1.seg");
		Segment segment = new Segment(1, path, LogFormat.KIND_WRITE, io, io.open(path, FileIo.Mode.CREATE_NEW), 0);
		io.forceDirectory(this.dir);
		segment.preallocate(1000, 5000);
		segment.append(ByteBuffer.allocate(10));
		segment.syncTo(segment.size());
		// The zeros written ahead are on disk now. An append fails, and the file is cut
		// back to its last record, but nothing forces the cut.
		io.failOnce(FaultKind.WRITE, 1);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> segment.append(ByteBuffer.allocate(10)));
		segment.syncTo(segment.size());
		segment.trimPreallocation();
		io.simulatePowerLoss();
		assertThat(Files.size(path)).as("a sealed segment ends at its last record, even after a power loss")
			.isEqualTo(10);
		segment.close();
	}

	@Test
	void onlyTheOpenWriteSegmentHasZerosAndACleanCloseCutsThem() {
		Path path = this.dir.resolve("store");
		try (LogStructuredKV engine = LogStructuredKV
			.open(options(path, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.INTERVAL))) {
			fill(engine, 50_000);
			List<Path> segments = segments(path);
			assertThat(segments).hasSizeGreaterThan(2);
			for (Path sealed : segments.subList(0, segments.size() - 1)) {
				assertThat(size(sealed)).as("%s ends at its last record", sealed).isEqualTo(lastRecordEnd(sealed));
			}
			Path newest = segments.get(segments.size() - 1);
			assertThat(size(newest)).as("the open segment has zeros ahead").isGreaterThan(lastRecordEnd(newest));
		}
		Path newest = LogTestSupport.newestSegment(path);
		assertThat(size(newest)).isEqualTo(lastRecordEnd(newest));
	}

	@Test
	void aKillThatLeavesTheZerosLosesNothingAndReportsNothing() throws IOException {
		Path path = this.dir.resolve("store");
		FaultyIo io = new FaultyIo();
		LogOptions options = options(path, io, SEGMENT_SIZE, SyncMode.INTERVAL);
		LogStructuredKV engine = LogStructuredKV.open(options);
		fill(engine, 30_000);
		io.simulateProcessKill();
		crashClose(engine, io);
		Path newest = LogTestSupport.newestSegment(path);
		assertThat(size(newest)).as("zeros left behind").isGreaterThan(lastRecordEnd(newest));
		List<String> dropped = new ArrayList<>();
		try (LogStructuredKV reopened = LogStructuredKV.open(options.withListener(new EngineListener() {
			@Override
			public void onDataDropped(Path file, long offset, long bytes, String reason) {
				dropped.add(file.getFileName() + " " + reason);
			}
		}))) {
			assertThat(dropped).isEmpty();
			assertThat(size(newest)).isEqualTo(lastRecordEnd(newest));
			for (int i = 0; i < 30_000; i += 997) {
				assertThat(reopened.get(key(i)).map((value) -> text(value.value()))).contains(value(i));
			}
			assertThat(reopened.stats().keys()).isEqualTo(30_000);
		}
	}

	@Test
	void withSyncNeverNothingIsWrittenAhead() {
		Path path = this.dir.resolve("store");
		try (LogStructuredKV engine = LogStructuredKV
			.open(options(path, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.NEVER))) {
			fill(engine, 1000);
			Path newest = LogTestSupport.newestSegment(path);
			assertThat(size(newest)).isEqualTo(lastRecordEnd(newest));
		}
	}

	private static void fill(LogStructuredKV engine, int keys) {
		for (int i = 0; i < keys; i++) {
			engine.put(key(i), bytes(value(i)));
		}
	}

	private static byte[] key(int i) {
		return bytes(String.format("key-%06d", i));
	}

	private static String value(int i) {
		char[] value = new char[100];
		Arrays.fill(value, (char) ('a' + i % 26));
		return new String(value);
	}

	private static long lastRecordEnd(Path segment) {
		List<LogTestSupport.RecordAt> records = records(segment);
		return records.isEmpty() ? LogFormat.FILE_HEADER_SIZE : records.get(records.size() - 1).end();
	}

	private static Segment newSegment(Path path) throws IOException {
		return new Segment(1, path, LogFormat.KIND_WRITE, DiskIo.INSTANCE,
				DiskIo.INSTANCE.open(path, FileIo.Mode.CREATE_NEW), 0);
	}

}
