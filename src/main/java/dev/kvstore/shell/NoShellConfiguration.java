package dev.kvstore.shell;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Keeps the shell from starting outside the {@code repl} profile. Spring Shell's
 * auto-configuration declares a runner that reads commands from the console in every
 * application that has it on the classpath. {@code application.properties} already
 * excludes that auto-configuration outside the profile; should an operator's own
 * {@code spring.autoconfigure.exclude} replace that setting, this bean, under the
 * runner's name, still takes its place and does nothing, so the service serves HTTP and
 * never reads its standard input.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!repl")
class NoShellConfiguration {

	/** The runner that would start the shell: here, a runner that does nothing. */
	static final String SHELL_RUNNER = "springShellApplicationRunner";

	@Bean(name = SHELL_RUNNER)
	ApplicationRunner noShell() {
		return (args) -> {
		};
	}

}
