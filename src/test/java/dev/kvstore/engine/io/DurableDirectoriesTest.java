package dev.kvstore.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.file.FilePerKeyKV;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.testing.ForwardingFileIo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory the engines create is made durable in its parent: each directory
 * created has its parent forced before the engine takes a write, or a power loss could
 * undo the directory with every file acknowledged in it.
 */
class DurableDirectoriesTest {

	@TempDir
	Path dir;

	private final ForcesSeen io = new ForcesSeen();

	@Test
	void theParentOfEachDirectoryCreatedIsForced() throws IOException {
		Path nested = this.dir.resolve("a").resolve("b").resolve("c");
		this.io.createDirectoriesDurably(nested);
		assertThat(nested).isDirectory();
		assertThat(this.io.forced).containsExactlyInAnyOrder(this.dir, this.dir.resolve("a"),
				this.dir.resolve("a").resolve("b"));
	}

	@Test
	void anExistingDirectoryForcesNothing() throws IOException {
		Files.createDirectories(this.dir.resolve("there"));
		this.io.createDirectoriesDurably(this.dir.resolve("there"));
		assertThat(this.io.forced).isEmpty();
	}

	@Test
	void theLogEngineMakesANewDataDirectoryDurable() {
		Path store = this.dir.resolve("data").resolve("log");
		try (LogStructuredKV engine = LogStructuredKV
			.open(LogOptions.defaults(store).withIo(this.io).withAutoCompaction(0, 0, Duration.ofHours(1)))) {
			assertThat(this.io.forced).contains(this.dir, this.dir.resolve("data"));
		}
	}

	@Test
	void theFileEngineMakesANewDataDirectoryDurable() {
		Path store = this.dir.resolve("data").resolve("files");
		try (FilePerKeyKV engine = FilePerKeyKV.open(store, EngineLimits.DEFAULTS, true, this.io)) {
			assertThat(this.io.forced).contains(this.dir, this.dir.resolve("data"));
		}
	}

	/** The real file system, noting every directory forced. */
	private static final class ForcesSeen extends ForwardingFileIo {

		final List<Path> forced = new CopyOnWriteArrayList<>();

		ForcesSeen() {
			super(DiskIo.INSTANCE);
		}

		@Override
		public void forceDirectory(Path dir) throws IOException {
			this.forced.add(dir.toAbsolutePath());
			super.forceDirectory(dir);
		}

	}

}
