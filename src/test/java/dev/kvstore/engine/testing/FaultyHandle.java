package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

import dev.kvstore.engine.io.FileHandle;

/**
 * A real handle wrapped so that its calls can fail, its writes count against the disk
 * space, and its forces feed the crash model. The file name used for fault predicates and
 * messages is the one it was opened under, even if the file was renamed since.
 */
final class FaultyHandle implements FileHandle {

	private final FaultyIo io;

	private final Path path;

	private final FileIdentity identity;

	private final FileHandle delegate;

	private volatile boolean closed;

	FaultyHandle(FaultyIo io, Path path, FileIdentity identity, FileHandle delegate) {
		this.io = io;
		this.path = path;
		this.identity = identity;
		this.delegate = delegate;
	}

	Path path() {
		return this.path;
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		ensureOpen();
		this.io.plan().failIfArmed(FaultKind.READ, this.path);
		return this.delegate.read(dst, position);
	}

	@Override
	public void write(ByteBuffer src, long position) throws IOException {
		ensureOpen();
		synchronized (this.io.lock()) {
			ensureOpen();
			int length = src.remaining();
			IOException fault = this.io.plan().check(FaultKind.WRITE, this.path);
			int allowed = (fault != null) ? this.io.partialWrite().prefixOf(length)
					: this.io.space().allowed(length, this.io.partialWrite());
			if (allowed > 0 || length == 0) {
				long sizeBefore = this.delegate.size();
				ByteBuffer prefix = src.slice().limit(allowed);
				this.delegate.write(prefix, position);
				src.position(src.position() + allowed);
				this.io.space().consumed(allowed);
				this.identity.wrote(position, sizeBefore);
			}
			if (fault != null) {
				throw fault;
			}
			if (allowed < length) {
				throw DiskSpace.diskFull("write of " + length + " bytes to " + this.path + " at " + position
						+ " (wrote " + allowed + ")");
			}
		}
	}

	@Override
	public void force() throws IOException {
		ensureOpen();
		synchronized (this.io.lock()) {
			ensureOpen();
			this.io.plan().failIfArmed(FaultKind.FORCE, this.path);
			this.delegate.force();
			this.identity.forced(this.delegate);
		}
	}

	@Override
	public long size() throws IOException {
		ensureOpen();
		return this.delegate.size();
	}

	@Override
	public void truncate(long size) throws IOException {
		ensureOpen();
		synchronized (this.io.lock()) {
			ensureOpen();
			this.io.plan().failIfArmed(FaultKind.TRUNCATE, this.path);
			long sizeBefore = this.delegate.size();
			if (size > sizeBefore) {
				this.io.space().checkSpace("truncate of " + this.path + " to " + size);
			}
			this.delegate.truncate(size);
			this.identity.truncated(Math.min(size, sizeBefore));
		}
	}

	@Override
	public boolean isOpen() {
		return !this.closed && this.delegate.isOpen();
	}

	@Override
	public void close() throws IOException {
		if (!this.closed) {
			this.closed = true;
			this.io.closed(this);
			this.delegate.close();
		}
	}

	/** Closes the real handle under the caller's feet, as a dying process does. */
	void kill() throws IOException {
		close();
	}

	private void ensureOpen() throws IOException {
		if (this.closed) {
			throw new ClosedChannelException();
		}
	}

}
