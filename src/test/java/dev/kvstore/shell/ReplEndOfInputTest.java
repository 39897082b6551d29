package dev.kvstore.shell;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of input (Ctrl-D at a terminal, the end of piped commands) ends the REPL as
 * {@code exit} does: status 0, the engine closed, what was written kept.
 */
class ReplEndOfInputTest {

	@Test
	void endOfInputEndsTheShellCleanly(@TempDir Path temp) throws Exception {
		Path dataDir = temp.resolve("data");
		ReplProcess.Run run = ReplProcess.run(dataDir, List.of("set colour \"dark blue\"", "get colour"));
		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.reply(2)).as(run.toString()).isEqualTo("dark blue");
		assertThat(run.output()).doesNotContain("Exiting the shell");
		// The log engine locks its directory while open: opening it proves it was closed.
		try (LogStructuredKV engine = LogStructuredKV.open(LogOptions.defaults(dataDir.resolve("log")))) {
			assertThat(engine.get(ReplSessionTest.utf8("colour")))
				.hasValueSatisfying((value) -> assertThat(value.value()).isEqualTo(ReplSessionTest.utf8("dark blue")));
		}
	}

}
