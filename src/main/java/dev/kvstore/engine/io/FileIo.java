package dev.kvstore.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seam between the engines and the file system. Every file the engines create, write,
 * rename or delete goes through here, so tests can inject failures and simulate a power
 * loss (see the fault-injecting implementation in the tests). {@link DiskIo} is the real
 * one.
 */
public interface FileIo {

	/** How a file is opened. */
	enum Mode {

		/** Read only; the file must exist. */
		READ,

		/** Read and write; the file must exist. */
		READ_WRITE,

		/** Read and write a new file; fails if it exists. */
		CREATE_NEW

	}

	FileHandle open(Path file, Mode mode) throws IOException;

	/** Creates the directory and its missing parents. */
	void createDirectories(Path dir) throws IOException;

	/**
	 * Creates the directory and its missing parents, and forces the parent of each one it
	 * created. Why: a new directory is an entry in its parent, and until the parent is
	 * forced a power loss may undo it, taking every file acknowledged inside with it.
	 */
	default void createDirectoriesDurably(Path dir) throws IOException {
		List<Path> missing = new ArrayList<>();
		for (Path at = dir.toAbsolutePath(); at != null && !exists(at); at = at.getParent()) {
			missing.add(at);
		}
		createDirectories(dir);
		for (Path created : missing) {
			if (created.getParent() != null) {
				forceDirectory(created.getParent());
			}
		}
	}

	/**
	 * Forces the directory's entries to the storage device: until this returns, a power
	 * loss may undo any file created, renamed or deleted in it.
	 */
	void forceDirectory(Path dir) throws IOException;

	/** Renames {@code source} to {@code target} atomically, replacing {@code target}. */
	void moveAtomically(Path source, Path target) throws IOException;

	/** Deletes the file if it exists. */
	void deleteIfExists(Path file) throws IOException;

	/** The files and directories directly inside {@code dir}. */
	List<Path> list(Path dir) throws IOException;

	boolean exists(Path file);

	/** The size of a file, without opening it. */
	long size(Path file) throws IOException;

}
