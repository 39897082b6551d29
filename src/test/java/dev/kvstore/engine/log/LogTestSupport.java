package dev.kvstore.engine.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.FaultKind;
import dev.kvstore.engine.testing.FaultyIo;

import static org.assertj.core.api.Assertions.fail;

/** Helpers shared by the fault tests of the log engine. */
final class LogTestSupport {

	private LogTestSupport() {
	}

	/** Options for a test store: small segments, automatic compaction off. */
	static LogOptions options(Path dir, FileIo io, long segmentSize, SyncMode sync) {
		return LogOptions.defaults(dir)
			.withSegmentSize(segmentSize)
			.withSync(sync, Duration.ofMillis(5))
			.withIo(io)
			.withAutoCompaction(0, 0, Duration.ofHours(1));
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Every file but hint files: those are written in the background, so counting their
	 * calls would make a replay differ from the run that counted.
	 */
	static Predicate<Path> notHint() {
		return (path) -> path.getFileName() == null || !path.getFileName().toString().contains(".hint");
	}

	/**
	 * Closes an engine whose process is supposed to be dead: every call that could change
	 * a file fails, so the close only releases the handles and the lock.
	 */
	static void crashClose(LogStructuredKV engine, FaultyIo io) {
		for (FaultKind kind : List.of(FaultKind.WRITE, FaultKind.FORCE, FaultKind.FORCE_DIRECTORY, FaultKind.MOVE,
				FaultKind.CREATE, FaultKind.OPEN, FaultKind.DELETE, FaultKind.TRUNCATE)) {
			io.failFrom(kind, 1);
		}
		try {
			engine.close();
		}
		catch (RuntimeException ex) {
			// expected: the close cannot write anything
		}
		io.clearFaults();
	}

	/** The files of the directory whose names end with {@code suffix}, sorted by name. */
	static List<Path> files(Path dir, String suffix) {
		try (Stream<Path> listing = Files.list(dir)) {
			return listing.filter((path) -> path.getFileName().toString().endsWith(suffix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Path> segments(Path dir) {
		return files(dir, SegmentFiles.SEGMENT_SUFFIX);
	}

	static Path newestSegment(Path dir) {
		List<Path> segments = segments(dir);
		return segments.get(segments.size() - 1);
	}

	static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A record found in a segment file. */
	record RecordAt(long offset, int size, String key, long sequence, boolean tombstone) {

		long end() {
			return this.offset + this.size;
		}

	}

	/** Every record of a segment file, read with the engine's own scanner. */
	static List<RecordAt> records(Path segment) {
		List<RecordAt> records = new ArrayList<>();
		try (FileHandle handle = DiskIo.INSTANCE.open(segment, FileIo.Mode.READ)) {
			SegmentScanner.scan(handle, LogFormat.FILE_HEADER_SIZE, handle.size(), (offset, raw, record) -> records
				.add(new RecordAt(offset, raw.remaining(), text(record.key()), record.sequence(), record.tombstone())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return records;
	}

	/**
	 * Waits until every segment but the newest has its hint file (they are written in the
	 * background).
	 */
	static void awaitHints(Path dir) {
		for (int attempt = 0; attempt < 1000; attempt++) {
			List<Path> segments = segments(dir);
			boolean all = true;
			for (Path segment : segments.subList(0, segments.size() - 1)) {
				String name = segment.getFileName().toString().replace(".seg", ".hint");
				all &= Files.exists(segment.resolveSibling(name));
			}
			if (all) {
				return;
			}
			sleep(10);
		}
		fail("hint files were not written in " + dir);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Copies the regular files of {@code from} into a new directory {@code to}. */
	static Path copy(Path from, Path to) {
		try {
			Files.createDirectories(to);
			try (Stream<Path> listing = Files.list(from)) {
				for (Path file : listing.toList()) {
					Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			return to;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes the hint files of a directory. */
	static void deleteHints(Path dir) {
		try {
			for (Path hint : files(dir, SegmentFiles.HINT_SUFFIX)) {
				Files.delete(hint);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Up to {@code most} indexes from 1 to {@code count}, always with the first and last.
	 */
	static List<Long> sample(long count, int most) {
		List<Long> indexes = new ArrayList<>();
		if (count <= most) {
			for (long n = 1; n <= count; n++) {
				indexes.add(n);
			}
			return indexes;
		}
		for (int i = 0; i < most; i++) {
			long n = 1 + Math.round((double) i * (count - 1) / (most - 1));
			if (indexes.isEmpty() || indexes.get(indexes.size() - 1) != n) {
				indexes.add(n);
			}
		}
		return indexes;
	}

}
