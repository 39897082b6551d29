package dev.kvstore.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context its own empty {@code kv.data-dir}, deleted when the
 * context closes (after the storage engine, which was registered later, is closed). Being
 * a class rather than a per-test-class property source, it keeps test classes with the
 * same properties on one cached context.
 */
public class FreshDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Path dir = create();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("freshDataDirectory", Map.of("kv.data-dir", dir.toString())));
		if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
			beans.registerDisposableBean("freshDataDirectoryCleanup", () -> delete(dir));
		}
	}

	/** A new empty directory for a store. */
	public static Path create() {
		try {
			return Files.createTempDirectory("kvstore-web-test-").toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes a directory and everything in it. */
	public static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
