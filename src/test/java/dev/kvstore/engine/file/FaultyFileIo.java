package dev.kvstore.engine.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kvstore.engine.io.DiskFull;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * The real file system, except that one kind of operation can be made to fail: the Nth
 * call from now, once or from then on, with an ordinary I/O error or a full disk.
 */
final class FaultyFileIo implements FileIo {

	enum Op {

		CREATE, WRITE, FORCE, RENAME, FORCE_DIRECTORY, DELETE

	}

	private final FileIo disk = DiskIo.INSTANCE;

	private volatile Op failing;

	private volatile boolean forever;

	private volatile String message;

	private final AtomicInteger countdown = new AtomicInteger();

	private final List<Op> log = new CopyOnWriteArrayList<>();

	/** Every operation that could fail, in the order they were called. */
	List<Op> log() {
		return this.log;
	}

	/** Makes the {@code nth} call of {@code op} from now fail (and every later one). */
	FaultyFileIo fail(Op op, int nth, boolean forever, boolean diskFull) {
		this.countdown.set(nth);
		this.forever = forever;
		this.message = diskFull ? DiskFull.MESSAGE : "injected failure of " + op;
		this.failing = op;
		return this;
	}

	/** Stops failing. */
	void heal() {
		this.failing = null;
	}

	private void check(Op op) throws IOException {
		this.log.add(op);
		if (this.failing != op) {
			return;
		}
		int left = this.countdown.decrementAndGet();
		if (left == 0 || (left < 0 && this.forever)) {
			throw new IOException(this.message);
		}
	}

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		if (mode == Mode.CREATE_NEW) {
			check(Op.CREATE);
		}
		FileHandle handle = this.disk.open(file, mode);
		return new FileHandle() {

			@Override
			public int read(ByteBuffer dst, long position) throws IOException {
				return handle.read(dst, position);
			}

			@Override
			public void write(ByteBuffer src, long position) throws IOException {
				check(Op.WRITE);
				handle.write(src, position);
			}

			@Override
			public void force() throws IOException {
				check(Op.FORCE);
				handle.force();
			}

			@Override
			public long size() throws IOException {
				return handle.size();
			}

			@Override
			public void truncate(long size) throws IOException {
				handle.truncate(size);
			}

			@Override
			public boolean isOpen() {
				return handle.isOpen();
			}

			@Override
			public void close() throws IOException {
				handle.close();
			}

		};
	}

	@Override
	public void createDirectories(Path dir) throws IOException {
		this.disk.createDirectories(dir);
	}

	@Override
	public void forceDirectory(Path dir) throws IOException {
		check(Op.FORCE_DIRECTORY);
		this.disk.forceDirectory(dir);
	}

	@Override
	public void moveAtomically(Path source, Path target) throws IOException {
		check(Op.RENAME);
		this.disk.moveAtomically(source, target);
	}

	@Override
	public void deleteIfExists(Path file) throws IOException {
		check(Op.DELETE);
		this.disk.deleteIfExists(file);
	}

	@Override
	public List<Path> list(Path dir) throws IOException {
		return this.disk.list(dir);
	}

	@Override
	public boolean exists(Path file) {
		return this.disk.exists(file);
	}

	@Override
	public long size(Path file) throws IOException {
		return this.disk.size(file);
	}

}
