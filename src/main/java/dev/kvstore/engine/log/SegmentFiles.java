package dev.kvstore.engine.log;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Builds and parses every file name in the log engine's directory, so the naming rules
 * live in one place:
 *
 * <pre>
 *   0000000007.seg        segment 7
 *   0000000007.hint       hint file of segment 7
 *   *.tmp                 unfinished output (compaction, hint, commit); deleted at startup
 *   COMPACTION            the commit record of a compaction whose inputs are being deleted
 *   LOCK                  held by the process that has the directory open
 * </pre>
 *
 * File ids grow and are never reused: a new id is one more than the highest id of any
 * file in the directory, and the file with the highest id is never deleted before a
 * higher one exists.
 */
final class SegmentFiles {

	static final String SEGMENT_SUFFIX = ".seg";

	static final String HINT_SUFFIX = ".hint";

	static final String TEMP_SUFFIX = ".tmp";

	static final String LOCK = "LOCK";

	static final String COMPACTION_COMMIT = "COMPACTION";

	private final Path directory;

	SegmentFiles(Path directory) {
		this.directory = directory;
	}

	Path directory() {
		return this.directory;
	}

	Path segment(long id) {
		return this.directory.resolve(name(id, SEGMENT_SUFFIX));
	}

	Path hint(long id) {
		return this.directory.resolve(name(id, HINT_SUFFIX));
	}

	/** Where a file is written before it is renamed to {@code target}. */
	Path temp(Path target) {
		return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
	}

	Path lock() {
		return this.directory.resolve(LOCK);
	}

	Path compactionCommit() {
		return this.directory.resolve(COMPACTION_COMMIT);
	}

	static boolean isTemp(Path file) {
		return file.getFileName().toString().endsWith(TEMP_SUFFIX);
	}

	/** The id of a segment file, or empty if {@code file} is not one. */
	static OptionalLong segmentId(Path file) {
		return id(file, SEGMENT_SUFFIX);
	}

	/** The id of a hint file, or empty if {@code file} is not one. */
	static OptionalLong hintId(Path file) {
		return id(file, HINT_SUFFIX);
	}

	private static String name(long id, String suffix) {
		return String.format("%010d%s", id, suffix);
	}

	private static OptionalLong id(Path file, String suffix) {
		String name = file.getFileName().toString();
		if (!name.endsWith(suffix)) {
			return OptionalLong.empty();
		}
		String digits = name.substring(0, name.length() - suffix.length());
		if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Long.parseLong(digits));
	}

}
