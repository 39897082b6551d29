package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.kvstore.engine.io.FileHandle;

/**
 * A {@link FileHandle} that passes every call to another: tests and benchmarks extend it
 * and override only the calls they watch or change.
 */
public abstract class ForwardingFileHandle implements FileHandle {

	private final FileHandle delegate;

	protected ForwardingFileHandle(FileHandle delegate) {
		this.delegate = delegate;
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		return this.delegate.read(dst, position);
	}

	@Override
	public void write(ByteBuffer src, long position) throws IOException {
		this.delegate.write(src, position);
	}

	@Override
	public void force() throws IOException {
		this.delegate.force();
	}

	@Override
	public long size() throws IOException {
		return this.delegate.size();
	}

	@Override
	public void truncate(long size) throws IOException {
		this.delegate.truncate(size);
	}

	@Override
	public boolean isOpen() {
		return this.delegate.isOpen();
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

}
