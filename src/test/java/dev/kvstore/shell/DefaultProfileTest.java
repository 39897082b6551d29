package dev.kvstore.shell;

import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.CommandRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside the {@code repl} profile the service serves HTTP and no shell exists: no shell
 * runner, no terminal, no command registry, and the runner Spring Shell would use is the
 * one that does nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kv.engine=memory")
class DefaultProfileTest {

	@Autowired
	ApplicationContext context;

	@Test
	void noShellIsStarted() {
		assertThat(this.context).isInstanceOf(WebServerApplicationContext.class);
		assertThat(((WebServerApplicationContext) this.context).getWebServer().getPort()).isPositive();
		assertThat(this.context.getBeanNamesForType(ShellRunner.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Terminal.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(CommandRegistry.class)).isEmpty();
		assertThat(this.context.getBean(NoShellConfiguration.SHELL_RUNNER).getClass().getName())
			.startsWith(NoShellConfiguration.class.getName());
	}

}
