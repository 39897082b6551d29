package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the real directories to what a power loss leaves: each durable name holds its
 * identity's durable content, and names created since the directory was last forced are
 * gone. Files the model never knew (in directories never seen, or sub-directories) are
 * left alone. Runs after every handle is closed, straight on the disk, past any armed
 * fault.
 */
final class CrashApplier {

	private CrashApplier() {
	}

	static void apply(List<DurableState.CrashPlan> plans) throws IOException {
		for (DurableState.CrashPlan plan : plans) {
			Files.createDirectories(plan.directory());
			for (String name : plan.remove()) {
				Files.deleteIfExists(plan.directory().resolve(name));
			}
			for (Map.Entry<String, byte[]> entry : plan.keep().entrySet()) {
				// Files.write truncates an existing file first, so a longer undurable
				// tail goes.
				Files.write(plan.directory().resolve(entry.getKey()), entry.getValue());
			}
		}
	}

}
