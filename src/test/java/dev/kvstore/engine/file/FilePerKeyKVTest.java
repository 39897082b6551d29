package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineStats;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageEngineContract;
import dev.kvstore.engine.VersionedValue;
import dev.kvstore.engine.io.DiskIo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The file engine passes the engine contract and keeps its own promises on a healthy
 * disk: file names that stay inside the directory, damage detected rather than served,
 * stats that match the files. Its behaviour under faults is in
 * {@link FilePerKeyKVFaultTest}.
 */
class FilePerKeyKVTest extends StorageEngineContract {

	@Override
	protected StorageEngine open(Path dir, EngineLimits limits) {
		return FilePerKeyKV.open(dir.resolve("fs"), limits, true, DiskIo.INSTANCE);
	}

	@Override
	protected boolean persistent() {
		return true;
	}

	private Path fs() {
		return this.dir.resolve("fs");
	}

	private Path fileOf(String key) {
		return fs().resolve(KeyFileNames.nameOf(bytes(key)));
	}

	private List<String> names(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	private List<String> valueFiles() throws IOException {
		return names(fs()).stream().filter(KeyFileNames::isValueFile).toList();
	}

	private VersionedValue stored(String key) {
		return this.engine.get(bytes(key)).orElseThrow(() -> new AssertionError("no value for " + key));
	}

	@Test
	void leftoverTempFilesAreRemovedAtStartup() throws IOException {
		this.engine.put(bytes("kept"), bytes("v"));
		this.engine.close();
		Files.write(fs().resolve(".tmp-7-1"), bytes("half a value"));
		Files.write(fs().resolve(".tmp-GENERATION"), new byte[3]);
		reopen();
		assertThat(names(fs())).noneMatch((name) -> name.startsWith(".tmp-"));
		assertThat(stored("kept").value()).isEqualTo(bytes("v"));
	}

	@Test
	void nastyKeysAllStayDirectlyInsideTheDirectory() throws IOException {
		List<String> keys = List.of("..x", "x..", "a/b", "/a", "a/", "\\", "..\\..\\x", "CON", "nul", "a:b", "a b ",
				"a.", "%2e%2e", "*?<>|\"", "~", "\u00e9", "\u202e");
		for (String key : keys) {
			this.engine.put(bytes(key), bytes("value of " + key));
		}
		for (String key : keys) {
			assertThat(stored(key).value()).as(key).isEqualTo(bytes("value of " + key));
		}
		assertThat(names(this.dir)).containsExactly("fs");
		try (Stream<Path> all = Files.walk(this.dir)) {
			assertThat(all.filter((path) -> !path.equals(this.dir) && !path.equals(fs())))
				.allSatisfy((path) -> assertThat(path.getParent()).isEqualTo(fs()))
				.allSatisfy((path) -> assertThat(Files.isRegularFile(path)).isTrue());
		}
		assertThat(valueFiles()).hasSize(keys.size());
	}

	@Test
	void keysThatDifferOnlyInCaseHaveTheirOwnFiles() throws IOException {
		this.engine.put(bytes("Key"), bytes("upper"));
		this.engine.put(bytes("key"), bytes("lower"));
		this.engine.put(bytes("KEY"), bytes("all upper"));
		assertThat(stored("Key").value()).isEqualTo(bytes("upper"));
		assertThat(stored("key").value()).isEqualTo(bytes("lower"));
		assertThat(stored("KEY").value()).isEqualTo(bytes("all upper"));
		assertThat(valueFiles()).hasSize(3).allSatisfy((name) -> assertThat(name).isEqualTo(name.toLowerCase()));
		assertThat(fileOf("Key")).exists();
		assertThat(fileOf("key")).exists();
	}

	@Test
	void composedAndDecomposedFormsAreDifferentKeys() throws IOException {
		String nfc = "caf\u00e9";
		String nfd = "cafe\u0301";
		this.engine.put(bytes(nfc), bytes("nfc"));
		this.engine.put(bytes(nfd), bytes("nfd"));
		assertThat(stored(nfc).value()).isEqualTo(bytes("nfc"));
		assertThat(stored(nfd).value()).isEqualTo(bytes("nfd"));
		assertThat(valueFiles()).hasSize(2).allSatisfy((name) -> assertThat(name).isASCII());
	}

	@Test
	void longKeysGetShortNamesAndAreListed() throws IOException {
		this.engine.close();
		this.engine = FilePerKeyKV.open(fs(), new EngineLimits(EngineLimits.KEY_BYTES_CEILING, 1024), true,
				DiskIo.INSTANCE);
		String ascii = "long/" + "a".repeat(1019);
		String multiByte = "\u00e9".repeat(EngineLimits.KEY_BYTES_CEILING / 2);
		assertThat(bytes(ascii)).hasSize(1024);
		assertThat(bytes(multiByte)).hasSize(EngineLimits.KEY_BYTES_CEILING);
		for (String key : List.of(ascii, multiByte)) {
			this.engine.put(bytes(key), bytes("v"));
			assertThat(stored(key).value()).isEqualTo(bytes("v"));
			assertThat(fileOf(key).getFileName().toString().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(256);
		}
		assertThat(this.engine.list(bytes("long/"), null, 10).keys()).containsExactly(bytes(ascii));
		assertThat(this.engine.list(new byte[0], null, 10).keys()).hasSize(2);
	}

	@Test
	void everyFlippedByteIsDetectedAndNeverServed() throws IOException {
		this.engine.put(bytes("key"), bytes("value"));
		Path file = fileOf("key");
		byte[] good = Files.readAllBytes(file);
		for (int offset = 0; offset < good.length; offset++) {
			byte[] bad = good.clone();
			bad[offset] ^= 0x01;
			Files.write(file, bad);
			int at = offset;
			assertThatExceptionOfType(CorruptionException.class).as("flip at %d", at)
				.isThrownBy(() -> this.engine.get(bytes("key")))
				.satisfies((ex) -> assertThat(ex.file()).isEqualTo(file))
				.withMessageContaining(file.getFileName().toString());
		}
		Files.write(file, good);
		assertThat(stored("key").value()).isEqualTo(bytes("value"));
	}

	@Test
	void truncatedFileIsReportedNotServed() throws IOException {
		this.engine.put(bytes("key"), bytes("value"));
		byte[] good = Files.readAllBytes(fileOf("key"));
		for (int length : new int[] { 0, 10, good.length - 1 }) {
			Files.write(fileOf("key"), java.util.Arrays.copyOf(good, length));
			assertThatExceptionOfType(CorruptionException.class).isThrownBy(() -> this.engine.get(bytes("key")));
		}
	}

	@Test
	void hugeLengthInAHeaderIsRejectedBeforeAllocating() throws IOException {
		this.engine.put(bytes("key"), bytes("value"));
		byte[] bad = Files.readAllBytes(fileOf("key"));
		ByteBuffer.wrap(bad).putInt(20, Integer.MAX_VALUE);
		Files.write(fileOf("key"), bad);
		assertThatExceptionOfType(CorruptionException.class).isThrownBy(() -> this.engine.get(bytes("key")))
			.satisfies((ex) -> assertThat(ex.offset()).isEqualTo(16));
	}

	@Test
	void unconditionalPutRepairsADamagedFileButAConditionalOneRefuses() throws IOException {
		this.engine.put(bytes("key"), bytes("value"));
		byte[] bad = Files.readAllBytes(fileOf("key"));
		bad[0] ^= 0x7F;
		Files.write(fileOf("key"), bad);
		assertThatExceptionOfType(CorruptionException.class)
			.isThrownBy(() -> this.engine.put(bytes("key"), bytes("x"), Precondition.ABSENT));
		assertThat(this.engine.put(bytes("key"), bytes("repaired")).created()).isFalse();
		assertThat(stored("key").value()).isEqualTo(bytes("repaired"));
		assertThat(this.engine.stats().keys()).isEqualTo(1);
	}

	@Test
	void versionsKeepGrowingAcrossReopens() {
		long last = 0;
		for (int round = 0; round < 4; round++) {
			for (int i = 0; i < 3; i++) {
				long version = this.engine.put(bytes("k" + i), bytes("v")).version();
				assertThat(version).isGreaterThan(last);
				last = version;
			}
			reopen();
		}
	}

	@Test
	void damagedGenerationFileStopsStartupNamingIt() throws IOException {
		this.engine.close();
		Path generation = fs().resolve(KeyFileNames.GENERATION);
		byte[] bad = Files.readAllBytes(generation);
		bad[6] ^= 0x01;
		Files.write(generation, bad);
		assertThatExceptionOfType(CorruptionException.class).isThrownBy(this::reopen)
			.withMessageContaining(KeyFileNames.GENERATION);
		this.engine = null;
	}

	@Test
	void statsCountValueFilesAndTheirBytes() throws IOException {
		this.engine.put(bytes("a"), new byte[100]);
		this.engine.put(bytes("b"), new byte[10]);
		this.engine.put(bytes("b"), new byte[20]);
		this.engine.put(bytes("c"), new byte[5]);
		this.engine.delete(bytes("c"));
		long bytes = 0;
		for (String name : valueFiles()) {
			bytes += Files.size(fs().resolve(name));
		}
		EngineStats stats = this.engine.stats();
		assertThat(stats.keys()).isEqualTo(2);
		assertThat(stats.segments()).isEqualTo(2);
		assertThat(stats.diskBytes()).isEqualTo(bytes).isEqualTo(2 * 28 + 2 + 120);
		assertThat(stats.reclaimableBytes()).isZero();
		assertThat(stats.syncBatches()).isEqualTo(5);
		assertThat(stats.syncedWrites()).isEqualTo(5);
		EngineStats reopened = reopen().stats();
		assertThat(reopened.keys()).isEqualTo(2);
		assertThat(reopened.diskBytes()).isEqualTo(bytes);
		assertThat(this.engine.compact().bytesAfter()).isEqualTo(bytes);
	}

	@Test
	void withoutSyncNoWriteCountsAsSyncedAndCloseKeepsEverything() {
		this.engine.close();
		this.engine = FilePerKeyKV.open(fs(), LIMITS, false, DiskIo.INSTANCE);
		this.engine.put(bytes("a"), bytes("v"));
		this.engine.delete(bytes("a"));
		this.engine.put(bytes("b"), bytes("w"));
		assertThat(this.engine.stats().syncBatches()).isZero();
		reopen();
		assertThat(this.engine.get(bytes("a"))).isEmpty();
		assertThat(stored("b").value()).isEqualTo(bytes("w"));
	}

	@Test
	void foreignFilesInTheDirectoryAreNotKeys() throws IOException {
		this.engine.put(bytes("a"), bytes("v"));
		Files.write(fs().resolve("README"), bytes("x"));
		Files.write(fs().resolve("kA"), bytes("x"));
		Files.write(fs().resolve("k%61"), bytes("x"));
		List<String> listed = new ArrayList<>();
		this.engine.list(new byte[0], null, 10).keys().forEach((key) -> listed.add(text(key)));
		assertThat(listed).containsExactly("a");
	}

}
