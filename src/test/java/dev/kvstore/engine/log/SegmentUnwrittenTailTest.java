package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.io.FileIo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Appends held in memory until the next fsync ({@link UnwrittenTail}, with
 * {@code sync=always}): readable at once, in the file only once a leader writes them just
 * before its fsync, in order with an append too big to hold; and when that write fails,
 * lost for their own writers only, readable until the engine discards them, after which
 * the segment goes on from where they began.
 */
class SegmentUnwrittenTailTest {

	@TempDir
	Path dir;

	private final AtomicInteger lostReported = new AtomicInteger();

	@Test
	void aHeldAppendIsReadableAndReachesTheFileWithTheNextFsync() throws IOException {
		Path path = this.dir.resolve("1.seg");
		GatedIo io = new GatedIo();
		Segment segment = newSegment(io, path);
		long first = segment.append(record("first"));
		long second = segment.append(record("second"));
		assertThat(io.writes.get()).as("nothing written yet").isZero();
		assertThat(Files.size(path)).isZero();
		assertThat(read(segment, first, "first")).isEqualTo("first");
		assertThat(read(segment, second, "second")).isEqualTo("second");

		assertThat(segment.syncTo(segment.size())).as("appends the fsync made durable").isEqualTo(2);
		assertThat(io.writes.get()).as("both appends in one write").isEqualTo(1);
		assertThat(fileText(path)).isEqualTo("firstsecond");
		assertThat(read(segment, second, "second")).isEqualTo("second");
		segment.close();
	}

	@Test
	void anAppendTooBigToHoldIsWrittenAtOnceAfterTheHeldOnes() throws IOException {
		Path path = this.dir.resolve("1.seg");
		Segment segment = newSegment(new GatedIo(), path, 8);
		segment.append(record("small"));
		long big = segment.append(record("a record of more than eight bytes"));
		assertThat(fileText(path)).as("the held append first, then the big one")
			.isEqualTo("smalla record of more than eight bytes");
		long next = segment.append(record("next"));
		assertThat(read(segment, big, "a record of more than eight bytes"))
			.isEqualTo("a record of more than eight bytes");
		assertThat(read(segment, next, "next")).isEqualTo("next");
		segment.syncTo(segment.size());
		assertThat(fileText(path)).isEqualTo("smalla record of more than eight bytesnext");
		segment.close();
	}

	@Test
	void heldAppendsThatCannotBeWrittenFailOnlyTheirOwnWritersAndAreDiscarded() throws IOException {
		Path path = this.dir.resolve("1.seg");
		GatedIo io = new GatedIo();
		Segment segment = newSegment(io, path);
		long first = segment.append(record("first"));
		segment.syncTo(segment.size());
		long at = segment.append(record("held"));
		CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
		segment.enrol(new Segment.Waiter(acknowledgement, segment.size()));

		io.failNextWrite();
		assertThatExceptionOfType(UnwrittenTail.HeldAppendsLostException.class)
			.isThrownBy(() -> segment.syncTo(segment.size()));
		assertThat(this.lostReported).as("the engine was told").hasValue(1);
		assertThat(segment.syncFailed()).as("the file itself is not in doubt").isFalse();
		assertThat(segment.lostAppendsFrom()).isEqualTo(at);
		assertThat(read(segment, at, "held")).as("readable until the engine has undone its write").isEqualTo("held");
		assertThatExceptionOfType(UnwrittenTail.HeldAppendsLostException.class)
			.as("nothing may follow the lost appends")
			.isThrownBy(() -> segment.append(record("more")));
		assertThat(acknowledgement).as("waits for the discard").isNotDone();

		segment.discardLostAppends();
		assertThat(acknowledgement).isCompletedExceptionally();
		assertThat(segment.size()).isEqualTo(at);
		assertThat(segment.lostAppendsFrom()).isEqualTo(Long.MAX_VALUE);
		assertThat(segment.append(record("again"))).as("the next append takes the lost one's place").isEqualTo(at);
		assertThat(segment.syncTo(segment.size())).isEqualTo(1);
		assertThat(fileText(path)).isEqualTo("firstagain");
		assertThat(read(segment, first, "first")).isEqualTo("first");
		segment.close();
	}

	@Test
	void anEndReadBeforeADiscardIsNotTakenForTheAppendsThatReplacedIt() throws IOException {
		Path path = this.dir.resolve("1.seg");
		GatedIo io = new GatedIo();
		Segment segment = newSegment(io, path);
		segment.append(record("first"));
		segment.syncTo(segment.size());
		int discardsBefore = segment.discards();
		segment.append(record("lost"));
		long lostEnd = segment.size();
		io.failNextWrite();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> segment.syncTo(segment.size()));
		segment.discardLostAppends();
		segment.append(record("later"));
		segment.syncTo(segment.size());
		assertThat(segment.isSyncedTo(lostEnd)).as("the same end, now the later append's").isTrue();

		assertThatExceptionOfType(UnwrittenTail.HeldAppendsLostException.class)
			.isThrownBy(() -> segment.syncTo(lostEnd, null, discardsBefore));
		assertThat(segment.syncTo(lostEnd, null, segment.discards())).isZero();
		segment.close();
	}

	@Test
	void aSealedSegmentHoldsNothingMore() throws IOException {
		Path path = this.dir.resolve("1.seg");
		Segment segment = newSegment(new GatedIo(), path);
		segment.append(record("before"));
		segment.syncTo(segment.size());
		segment.trimPreallocation();
		segment.append(record("after"));
		assertThat(fileText(path)).as("written at once").isEqualTo("beforeafter");
		segment.close();
	}

	private Segment newSegment(FileIo io, Path path) throws IOException {
		return newSegment(io, path, 1024);
	}

	private Segment newSegment(FileIo io, Path path, int capacity) throws IOException {
		Segment segment = new Segment(1, path, LogFormat.KIND_WRITE, io, io.open(path, FileIo.Mode.CREATE_NEW), 0);
		segment.holdAppendsUntilSync(capacity, this.lostReported::incrementAndGet);
		return segment;
	}

	private static ByteBuffer record(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String read(Segment segment, long offset, String expected) throws IOException {
		ByteBuffer bytes = segment.read(offset, expected.length());
		return StandardCharsets.UTF_8.decode(bytes).toString();
	}

	private static String fileText(Path path) throws IOException {
		return Files.readString(path, StandardCharsets.UTF_8);
	}

}
