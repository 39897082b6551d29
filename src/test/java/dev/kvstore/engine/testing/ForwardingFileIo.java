package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * A {@link FileIo} that passes every call to another: tests and benchmarks extend it and
 * override only the calls they watch or change.
 */
public abstract class ForwardingFileIo implements FileIo {

	private final FileIo delegate;

	protected ForwardingFileIo(FileIo delegate) {
		this.delegate = delegate;
	}

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		return this.delegate.open(file, mode);
	}

	@Override
	public void createDirectories(Path dir) throws IOException {
		this.delegate.createDirectories(dir);
	}

	@Override
	public void forceDirectory(Path dir) throws IOException {
		this.delegate.forceDirectory(dir);
	}

	@Override
	public void moveAtomically(Path source, Path target) throws IOException {
		this.delegate.moveAtomically(source, target);
	}

	@Override
	public void deleteIfExists(Path file) throws IOException {
		this.delegate.deleteIfExists(file);
	}

	@Override
	public List<Path> list(Path dir) throws IOException {
		return this.delegate.list(dir);
	}

	@Override
	public boolean exists(Path file) {
		return this.delegate.exists(file);
	}

	@Override
	public long size(Path file) throws IOException {
		return this.delegate.size(file);
	}

}
