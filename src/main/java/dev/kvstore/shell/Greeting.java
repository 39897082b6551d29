package dev.kvstore.shell;

import java.nio.file.Path;
import java.util.Locale;

import dev.kvstore.config.KvProperties;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.log.SyncMode;

/** The line the REPL opens with: engine, directory, sync mode and how many keys. */
final class Greeting {

	private Greeting() {
	}

	static String line(KvProperties properties, StorageEngine engine) {
		Path root = properties.dataDir().toAbsolutePath().normalize();
		String where = switch (properties.engine()) {
			case LOG -> "data in " + root.resolve("log") + ", sync " + lower(properties.log().sync())
					+ ((properties.log().sync() == SyncMode.INTERVAL) ? " every " + properties.log().syncInterval()
							: "");
			case FILE -> "data in " + root.resolve("fs") + ", sync " + lower(properties.file().sync());
			case MEMORY -> "in memory only, nothing is kept on disk";
		};
		long keys = engine.stats().keys();
		return "kvstore: the " + engine.name() + " engine, " + where + ", " + keys + ((keys == 1) ? " key" : " keys");
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
