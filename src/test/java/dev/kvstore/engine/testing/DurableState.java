package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The name side of the crash model: for each directory {@link FaultyIo} has seen, which
 * file identity each name points to now ({@code current}) and which it pointed to at the
 * directory's last {@code forceDirectory} ({@code durable}). A power loss brings every
 * directory back to its durable names.
 * <p>
 * A directory is seen the first time the io touches it; what it holds then counts as
 * durable. So does a file that appears in a seen directory without going through the io
 * (written by a test directly). Sub-directories are not modelled: once created, a
 * directory is taken to be durable, and files in directories never seen are left alone.
 * <p>
 * Not thread-safe: {@link FaultyIo} calls it under its lock.
 */
final class DurableState {

	private final Map<Path, Directory> directories = new LinkedHashMap<>();

	/**
	 * The identity {@code file} names now, adopting it as durable if the io never saw it.
	 */
	FileIdentity identityOf(Path file) throws IOException {
		Directory dir = directory(file.getParent());
		String name = name(file);
		FileIdentity identity = dir.current.get(name);
		if (identity == null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			identity = FileIdentity.seenOnDisk(file);
			dir.current.put(name, identity);
			dir.durable.put(name, identity);
		}
		return identity;
	}

	/** Makes sure the directory of {@code file} is seen before the io changes it. */
	void willChange(Path file) throws IOException {
		identityOf(file);
	}

	/**
	 * {@code file} was created empty: a new identity, named only until the next crash.
	 */
	FileIdentity created(Path file) throws IOException {
		FileIdentity identity = FileIdentity.created();
		directory(file.getParent()).current.put(name(file), identity);
		return identity;
	}

	/**
	 * {@code source} was renamed to {@code target}, replacing what {@code target} named.
	 */
	void moved(Path source, Path target, FileIdentity identity) throws IOException {
		directory(source.getParent()).current.remove(name(source));
		directory(target.getParent()).current.put(name(target), identity);
	}

	/**
	 * {@code file} was deleted: its name is gone, its identity lives on while durably
	 * named.
	 */
	void deleted(Path file) throws IOException {
		directory(file.getParent()).current.remove(name(file));
	}

	/**
	 * The directory's entries were forced: its current names become its durable names.
	 */
	void directoryForced(Path dir) throws IOException {
		Directory directory = directory(dir);
		directory.durable.clear();
		directory.durable.putAll(directory.current);
	}

	/**
	 * Every seen directory, with the names a power loss keeps and the names it removes.
	 */
	List<CrashPlan> crashPlans() throws IOException {
		return crashPlans(null);
	}

	/**
	 * Like {@link #crashPlans()}, but when {@code tornTails} is given, a file only
	 * appended to since its last force keeps a random prefix of those appends, as if the
	 * kernel had written back some of its pages before the power went.
	 */
	List<CrashPlan> crashPlans(Random tornTails) throws IOException {
		Map<FileIdentity, Path> currentPaths = new IdentityHashMap<>();
		this.directories.forEach((path, dir) -> dir.current
			.forEach((name, identity) -> currentPaths.putIfAbsent(identity, path.resolve(name))));
		List<CrashPlan> plans = new ArrayList<>();
		for (Map.Entry<Path, Directory> entry : this.directories.entrySet()) {
			Directory dir = entry.getValue();
			Map<String, byte[]> keep = new LinkedHashMap<>();
			for (Map.Entry<String, FileIdentity> named : dir.durable.entrySet()) {
				FileIdentity identity = named.getValue();
				byte[] content = identity.durableContent();
				Path current = currentPaths.get(identity);
				if (tornTails != null && current != null && identity.onlyAppendedSinceForce()) {
					content = withTornTail(content, current, tornTails);
				}
				keep.put(named.getKey(), content);
			}
			List<String> remove = new ArrayList<>();
			dir.current.keySet().stream().filter((name) -> !dir.durable.containsKey(name)).forEach(remove::add);
			plans.add(new CrashPlan(entry.getKey(), keep, remove));
		}
		return plans;
	}

	private static byte[] withTornTail(byte[] durable, Path current, Random random) throws IOException {
		if (!Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
			return durable;
		}
		byte[] now = Files.readAllBytes(current);
		if (now.length <= durable.length) {
			return durable;
		}
		int kept = random.nextInt(now.length - durable.length + 1);
		return Arrays.copyOf(now, durable.length + kept);
	}

	/** Forgets everything: what is on disk from now on counts as durable. */
	void forget() {
		this.directories.clear();
	}

	private Directory directory(Path dir) throws IOException {
		Path key = dir.toAbsolutePath().normalize();
		Directory directory = this.directories.get(key);
		if (directory == null) {
			directory = Directory.scan(key);
			this.directories.put(key, directory);
		}
		return directory;
	}

	private static String name(Path file) {
		return file.getFileName().toString();
	}

	/** What a power loss does to one directory. */
	record CrashPlan(Path directory, Map<String, byte[]> keep, List<String> remove) {
	}

	private static final class Directory {

		private final Map<String, FileIdentity> current = new HashMap<>();

		private final Map<String, FileIdentity> durable = new HashMap<>();

		static Directory scan(Path dir) throws IOException {
			Directory directory = new Directory();
			if (!Files.isDirectory(dir)) {
				return directory;
			}
			try (Stream<Path> files = Files.list(dir)) {
				for (Path file : files.toList()) {
					if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
						FileIdentity identity = FileIdentity.seenOnDisk(file);
						directory.current.put(name(file), identity);
						directory.durable.put(name(file), identity);
					}
				}
			}
			return directory;
		}

	}

}
