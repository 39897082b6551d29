package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.kvstore.engine.io.DiskIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class VersionSourceTest {

	@TempDir
	Path dir;

	@Test
	void eachOpenReservesTheNextGenerationDurably() throws IOException {
		VersionSource first = VersionSource.open(this.dir, DiskIo.INSTANCE);
		long a = first.next();
		long b = first.next();
		VersionSource second = VersionSource.open(this.dir, DiskIo.INSTANCE);
		long c = second.next();
		assertThat(first.generation()).isEqualTo(1);
		assertThat(second.generation()).isEqualTo(2);
		assertThat(a).isEqualTo((1L << VersionSource.COUNTER_BITS) + 1);
		assertThat(b).isEqualTo(a + 1);
		assertThat(c).isGreaterThan(b);
		assertThat(this.dir.resolve(KeyFileNames.GENERATION)).hasSize(16);
	}

	@Test
	void exhaustedCounterCarriesIntoANewlyReservedGeneration() throws IOException {
		VersionSource source = VersionSource.open(this.dir, DiskIo.INSTANCE);
		source.skipCounterTo((1L << VersionSource.COUNTER_BITS) - 2);
		long last = source.next();
		long carried = source.next();
		assertThat(carried).isGreaterThan(last);
		assertThat(carried >>> VersionSource.COUNTER_BITS).isEqualTo(2);
		assertThat(source.generation()).isEqualTo(2);
		// A restart must not hand out generation 2's versions again.
		VersionSource reopened = VersionSource.open(this.dir, DiskIo.INSTANCE);
		assertThat(reopened.generation()).isEqualTo(3);
		assertThat(reopened.next()).isGreaterThan(carried);
		try (var files = Files.list(this.dir)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly(KeyFileNames.GENERATION);
		}
	}

}
