package dev.kvstore.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kvstore.KvStoreApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The service refuses to start beyond loopback without access control, and says which
 * properties to set; it starts when accounts are configured or when running open is asked
 * for in so many words.
 */
class SecurityStartupTest {

	@TempDir
	Path dataDir;

	/**
	 * Starts the service with {@code properties} as command-line arguments, which (unlike
	 * the builder's default properties) override {@code application.properties}.
	 */
	ConfigurableApplicationContext start(String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=0.0.0.0",
				"--spring.main.web-application-type=servlet", "--kv.engine=memory", "--kv.data-dir=" + this.dataDir));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(KvStoreApplication.class).run(args.toArray(String[]::new));
	}

	@Test
	void noAccountsBeyondLoopbackFailsNamingTheProperties() {
		Throwable failure = catchThrowable(() -> start().close());
		assertThat(failure).isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		assertThat(messages.toString()).contains("kv.security.users").contains("kv.security.allow-unauthenticated");
	}

	@Test
	void allowUnauthenticatedBeyondLoopbackStarts() {
		try (ConfigurableApplicationContext context = start("kv.security.allow-unauthenticated=true")) {
			assertThat(context.isActive()).isTrue();
			assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("0.0.0.0");
			assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isPositive();
		}
	}

	@Test
	void anAccountBeyondLoopbackStarts() {
		try (ConfigurableApplicationContext context = start("kv.security.users[0].name=writer",
				"kv.security.users[0].password={noop}not-used", "kv.security.users[0].role=read-write")) {
			assertThat(context.isActive()).isTrue();
			assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("0.0.0.0");
			assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isPositive();
		}
	}

}
