package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import dev.kvstore.engine.io.DiskFull;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault-injecting io does what tests rely on: each fault, and the crash model. */
class FaultyIoTest {

	@TempDir
	Path dir;

	private final FaultyIo io = new FaultyIo();

	// ---- Failing calls

	@Test
	void nthWriteFailsOnceThenWritesWork() throws IOException {
		ArmedFault fault = this.io.failOnce(FaultKind.WRITE, 2);
		try (FileHandle file = this.io.open(this.dir.resolve("a"), Mode.CREATE_NEW)) {
			append(file, "one");
			assertThat(fault.hasFired()).isFalse();
			assertThatThrownBy(() -> append(file, "two")).isInstanceOf(IOException.class)
				.hasMessageContaining("injected fault")
				.matches((ex) -> !DiskFull.is(ex));
			append(file, "three");
		}
		assertThat(fault.timesFired()).isEqualTo(1);
		assertThat(content("a")).isEqualTo("onethree");
		assertThat(this.io.calls(FaultKind.WRITE)).isEqualTo(3);
	}

	@Test
	void failFromKeepsFailingUntilCleared() throws IOException {
		ArmedFault fault = this.io.failFrom(FaultKind.FORCE, 2);
		try (FileHandle file = this.io.open(this.dir.resolve("a"), Mode.CREATE_NEW)) {
			file.force();
			for (int i = 0; i < 5; i++) {
				assertThatThrownBy(file::force).hasMessageContaining("injected fault: FORCE");
			}
			assertThat(fault.timesFired()).isEqualTo(5);
			this.io.clearFaults();
			file.force();
		}
	}

	@Test
	void predicateRestrictsFaultToMatchingNames() throws IOException {
		this.io.failFrom(FaultKind.CREATE, 1, FaultyIo.nameEndsWith(".hint"));
		this.io.open(this.dir.resolve("1.data"), Mode.CREATE_NEW).close();
		assertThatThrownBy(() -> this.io.open(this.dir.resolve("1.hint"), Mode.CREATE_NEW))
			.hasMessageContaining("1.hint");
		assertThat(this.dir.resolve("1.hint")).doesNotExist();
		assertThat(this.io.calls(FaultKind.CREATE)).isEqualTo(2);
	}

	@Test
	void renameFaultMatchesTargetNameAndLeavesSourceInPlace() throws IOException {
		create("x.tmp", "data");
		this.io.failOnce(FaultKind.MOVE, 1, FaultyIo.nameEndsWith(".hint"));
		assertThatThrownBy(() -> this.io.moveAtomically(this.dir.resolve("x.tmp"), this.dir.resolve("x.hint")))
			.hasMessageContaining("injected fault: MOVE");
		assertThat(this.dir.resolve("x.tmp")).exists();
		assertThat(this.dir.resolve("x.hint")).doesNotExist();
	}

	@Test
	void countingRunThenReplayFailsEachIndexInTurn() throws IOException {
		Path counted = Files.createDirectory(this.dir.resolve("count"));
		writeThreeRecords(this.io, counted);
		long writes = this.io.calls(FaultKind.WRITE);
		assertThat(writes).isEqualTo(3);
		for (long n = 1; n <= writes; n++) {
			FaultyIo replay = new FaultyIo();
			ArmedFault fault = replay.failOnce(FaultKind.WRITE, n);
			Path run = Files.createDirectory(this.dir.resolve("run" + n));
			assertThatThrownBy(() -> writeThreeRecords(replay, run)).hasMessageContaining("injected fault");
			assertThat(fault.hasFired()).isTrue();
			assertThat(Files.size(run.resolve("log"))).isEqualTo(n - 1);
		}
	}

	@Test
	void failedReadReadsNothing() throws IOException {
		create("a", "abc");
		this.io.failOnce(FaultKind.READ, 1);
		try (FileHandle file = this.io.open(this.dir.resolve("a"), Mode.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate(3);
			assertThatThrownBy(() -> file.read(buffer, 0)).hasMessageContaining("injected fault: READ");
			assertThat(buffer.position()).isZero();
			assertThat(file.read(buffer, 0)).isEqualTo(3);
		}
	}

	// ---- Disk full

	@Test
	void fullDiskFailsWritesRecognisablyUntilFreed() throws IOException {
		try (FileHandle file = this.io.open(this.dir.resolve("a"), Mode.CREATE_NEW)) {
			append(file, "before");
			this.io.setDiskFull(true);
			assertThatThrownBy(() -> append(file, "during")).matches(DiskFull::is);
			assertThatThrownBy(() -> this.io.open(this.dir.resolve("b"), Mode.CREATE_NEW)).matches(DiskFull::is);
			assertThat(this.dir.resolve("b")).doesNotExist();
			this.io.setDiskFull(false);
			append(file, "after");
		}
		assertThat(content("a")).isEqualTo("beforeafter");
	}

	@Test
	void partialWriteOnFullDiskLeavesAPrefix() throws IOException {
		this.io.setPartialWrite(PartialWrite.HALF);
		try (FileHandle file = this.io.open(this.dir.resolve("a"), Mode.CREATE_NEW)) {
			this.io.setDiskFull(true);
			ByteBuffer record = ByteBuffer.wrap(bytes("12345678"));
			assertThatThrownBy(() -> file.write(record, 0)).matches(DiskFull::is);
			assertThat(record.remaining()).isEqualTo(4);
		}
		assertThat(content("a")).isEqualTo("1234");
	}

	@Test
	void writeBudgetStoresWhatFitsThenFillsTheDisk() throws IOException {
		this.io.setWriteBudget(10);
		try (FileHandle file = this.io.open(this.dir.resolve("a"), Mode.CREATE_NEW)) {
			append(file, "123456");
			assertThatThrownBy(() -> append(file, "789abc")).matches(DiskFull::is);
			assertThat(this.io.isDiskFull()).isTrue();
			assertThatThrownBy(() -> append(file, "x")).matches(DiskFull::is);
			this.io.setDiskFull(false);
			append(file, "!");
		}
		assertThat(content("a")).isEqualTo("123456789a!");
		assertThat(this.io.bytesWritten()).isEqualTo(11);
	}

	// ---- Power loss

	@Test
	void unforcedBytesAreLostAndForcedBytesStay() throws IOException {
		create("log", "old");
		try (FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
			append(file, "-forced");
			file.force();
			append(file, "-unforced");
			this.io.simulatePowerLoss();
			assertThat(file.isOpen()).isFalse();
			assertThatThrownBy(() -> append(file, "late")).isInstanceOf(ClosedChannelException.class);
		}
		assertThat(content("log")).isEqualTo("old-forced");
	}

	@Test
	void fileCreatedWithoutDirectoryForceDisappears() throws IOException {
		this.io.list(this.dir);
		try (FileHandle file = this.io.open(this.dir.resolve("new"), Mode.CREATE_NEW)) {
			append(file, "data");
			file.force();
		}
		this.io.simulatePowerLoss();
		assertThat(this.dir.resolve("new")).doesNotExist();
	}

	@Test
	void fileCreatedForcedAndDirectoryForcedSurvives() throws IOException {
		try (FileHandle file = this.io.open(this.dir.resolve("new"), Mode.CREATE_NEW)) {
			append(file, "data");
			file.force();
		}
		this.io.forceDirectory(this.dir);
		this.io.simulatePowerLoss();
		assertThat(content("new")).isEqualTo("data");
	}

	@Test
	void fileWhoseNameIsDurableButContentIsNotComesBackEmpty() throws IOException {
		try (FileHandle file = this.io.open(this.dir.resolve("new"), Mode.CREATE_NEW)) {
			this.io.forceDirectory(this.dir);
			append(file, "data");
		}
		this.io.simulatePowerLoss();
		assertThat(content("new")).isEmpty();
	}

	@Test
	void renameWithoutDirectoryForceIsUndone() throws IOException {
		create("target", "previous");
		create("source.tmp", "replacement");
		this.io.moveAtomically(this.dir.resolve("source.tmp"), this.dir.resolve("target"));
		assertThat(content("target")).isEqualTo("replacement");
		this.io.simulatePowerLoss();
		assertThat(content("source.tmp")).isEqualTo("replacement");
		assertThat(content("target")).isEqualTo("previous");
	}

	@Test
	void renameOfNewFileWithoutDirectoryForceLeavesNeitherName() throws IOException {
		try (FileHandle file = this.io.open(this.dir.resolve("hint.tmp"), Mode.CREATE_NEW)) {
			append(file, "hints");
			file.force();
		}
		this.io.moveAtomically(this.dir.resolve("hint.tmp"), this.dir.resolve("hint"));
		this.io.simulatePowerLoss();
		assertThat(this.dir.resolve("hint.tmp")).doesNotExist();
		assertThat(this.dir.resolve("hint")).doesNotExist();
	}

	@Test
	void renameFollowedByDirectoryForceSticks() throws IOException {
		create("target", "previous");
		create("source.tmp", "replacement");
		this.io.moveAtomically(this.dir.resolve("source.tmp"), this.dir.resolve("target"));
		this.io.forceDirectory(this.dir);
		this.io.simulatePowerLoss();
		assertThat(this.dir.resolve("source.tmp")).doesNotExist();
		assertThat(content("target")).isEqualTo("replacement");
	}

	@Test
	void writesThroughAHandleFollowTheFileAcrossARename() throws IOException {
		try (FileHandle file = this.io.open(this.dir.resolve("a.tmp"), Mode.CREATE_NEW)) {
			this.io.moveAtomically(this.dir.resolve("a.tmp"), this.dir.resolve("a"));
			this.io.forceDirectory(this.dir);
			append(file, "after rename");
			file.force();
		}
		this.io.simulatePowerLoss();
		assertThat(content("a")).isEqualTo("after rename");
	}

	@Test
	void deleteWithoutDirectoryForceIsUndone() throws IOException {
		create("old.data", "durable");
		this.io.deleteIfExists(this.dir.resolve("old.data"));
		assertThat(this.dir.resolve("old.data")).doesNotExist();
		this.io.simulatePowerLoss();
		assertThat(content("old.data")).isEqualTo("durable");
	}

	@Test
	void deleteFollowedByDirectoryForceSticks() throws IOException {
		create("old.data", "durable");
		this.io.deleteIfExists(this.dir.resolve("old.data"));
		this.io.forceDirectory(this.dir);
		this.io.simulatePowerLoss();
		assertThat(this.dir.resolve("old.data")).doesNotExist();
	}

	@Test
	void truncateAfterForceWithoutAnotherForceIsUndone() throws IOException {
		create("log", "");
		try (FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
			append(file, "record1record2");
			file.force();
			file.truncate(7);
			append(file, "X");
		}
		assertThat(content("log")).isEqualTo("record1X");
		this.io.simulatePowerLoss();
		assertThat(content("log")).isEqualTo("record1record2");
	}

	@Test
	void truncateThenForceIsDurable() throws IOException {
		create("log", "record1record2");
		try (FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
			file.truncate(7);
			file.force();
			append(file, "lost");
		}
		this.io.simulatePowerLoss();
		assertThat(content("log")).isEqualTo("record1");
	}

	@Test
	void overwriteInTheMiddleIsDurableOnlyAfterForce() throws IOException {
		create("f", "aaaaaaaa");
		try (FileHandle file = this.io.open(this.dir.resolve("f"), Mode.READ_WRITE)) {
			file.write(ByteBuffer.wrap(bytes("BB")), 2);
			file.force();
			file.write(ByteBuffer.wrap(bytes("CC")), 5);
		}
		this.io.simulatePowerLoss();
		assertThat(content("f")).isEqualTo("aaBBaaaa");
	}

	@Test
	void failedForceMakesNothingDurable() throws IOException {
		create("log", "");
		this.io.failOnce(FaultKind.FORCE, 1);
		try (FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
			append(file, "data");
			assertThatThrownBy(file::force).hasMessageContaining("injected fault");
		}
		this.io.simulatePowerLoss();
		assertThat(content("log")).isEmpty();
	}

	@Test
	void filesOutsideSeenDirectoriesAreLeftAlone() throws IOException {
		Path other = Files.createDirectory(this.dir.resolve("other"));
		Files.writeString(other.resolve("f"), "untouched");
		create("seen", "x");
		this.io.simulatePowerLoss();
		assertThat(Files.readString(other.resolve("f"))).isEqualTo("untouched");
	}

	@Test
	void afterPowerLossWhatIsOnDiskIsTheNewDurableState() throws IOException {
		create("log", "a");
		try (FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
			append(file, "b");
		}
		this.io.simulatePowerLoss();
		try (FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
			append(file, "c");
			file.force();
			append(file, "d");
		}
		this.io.simulatePowerLoss();
		assertThat(content("log")).isEqualTo("ac");
	}

	@Test
	void tornTailsKeepAPrefixOfTheUnforcedAppends() throws IOException {
		Set<String> seen = new HashSet<>();
		Random random = new Random(7);
		for (int round = 0; round < 40; round++) {
			create("log", "forced");
			FaultyIo roundIo = new FaultyIo();
			try (FileHandle file = roundIo.open(this.dir.resolve("log"), Mode.READ_WRITE)) {
				append(file, "+123456");
			}
			roundIo.simulatePowerLossWithTornTails(random);
			String after = content("log");
			assertThat("forced+123456").startsWith(after);
			assertThat(after).startsWith("forced");
			seen.add(after);
		}
		assertThat(seen).contains("forced").hasSizeGreaterThan(2);
	}

	@Test
	void tornTailsDoNotKeepUnforcedOverwrites() throws IOException {
		create("f", "aaaa");
		try (FileHandle file = this.io.open(this.dir.resolve("f"), Mode.READ_WRITE)) {
			file.write(ByteBuffer.wrap(bytes("B")), 1);
			append(file, "cc");
		}
		this.io.simulatePowerLossWithTornTails(new Random(1));
		assertThat(content("f")).isEqualTo("aaaa");
	}

	@Test
	void processKillKeepsEverythingWritten() throws IOException {
		FileHandle file = this.io.open(this.dir.resolve("new"), Mode.CREATE_NEW);
		append(file, "unforced");
		this.io.simulateProcessKill();
		assertThat(file.isOpen()).isFalse();
		assertThatThrownBy(() -> file.force()).isInstanceOf(ClosedChannelException.class);
		assertThat(content("new")).isEqualTo("unforced");
		assertThat(this.io.openHandles()).isZero();
	}

	@Test
	void powerLossAfterProcessKillStillLosesUnforcedData() throws IOException {
		create("log", "durable");
		FileHandle file = this.io.open(this.dir.resolve("log"), Mode.READ_WRITE);
		append(file, "+cached");
		this.io.simulateProcessKill();
		this.io.simulatePowerLoss();
		assertThat(content("log")).isEqualTo("durable");
	}

	// ---- Handles

	@Test
	void openHandleCountGoesUpAndDown() throws IOException {
		assertThat(this.io.openHandles()).isZero();
		FileHandle a = this.io.open(this.dir.resolve("a"), Mode.CREATE_NEW);
		FileHandle b = this.io.open(this.dir.resolve("a"), Mode.READ);
		assertThat(this.io.openHandles()).isEqualTo(2);
		assertThat(this.io.openFiles()).containsExactly(this.dir.resolve("a"), this.dir.resolve("a"));
		a.close();
		a.close();
		assertThat(this.io.openHandles()).isEqualTo(1);
		b.close();
		assertThat(this.io.openHandles()).isZero();
	}

	@Test
	void failedOpenLeavesNoHandle() throws IOException {
		this.io.failOnce(FaultKind.OPEN, 1);
		create("a", "x");
		assertThatThrownBy(() -> this.io.open(this.dir.resolve("a"), Mode.READ)).hasMessageContaining("OPEN");
		assertThatThrownBy(() -> this.io.open(this.dir.resolve("missing"), Mode.READ)).isInstanceOf(IOException.class);
		assertThat(this.io.openHandles()).isZero();
	}

	// ---- Helpers

	/** Creates a file outside the io, as an earlier run of the process left it. */
	private void create(String name, String content) throws IOException {
		Files.writeString(this.dir.resolve(name), content);
	}

	private String content(String name) throws IOException {
		return Files.readString(this.dir.resolve(name));
	}

	private static void append(FileHandle file, String text) throws IOException {
		file.write(ByteBuffer.wrap(bytes(text)), file.size());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void writeThreeRecords(FaultyIo io, Path dir) throws IOException {
		try (FileHandle file = io.open(dir.resolve("log"), Mode.CREATE_NEW)) {
			for (int i = 0; i < 3; i++) {
				append(file, "r");
			}
		}
	}

}
