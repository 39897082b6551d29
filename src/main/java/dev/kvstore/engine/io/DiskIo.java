package dev.kvstore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real file system, through {@link FileChannel}. */
public final class DiskIo implements FileIo {

	/** The one instance; it holds no state. */
	public static final DiskIo INSTANCE = new DiskIo();

	private DiskIo() {
	}

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		FileChannel channel = switch (mode) {
			case READ -> FileChannel.open(file, StandardOpenOption.READ);
			case READ_WRITE -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
			case CREATE_NEW -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
					StandardOpenOption.CREATE_NEW);
		};
		return new ChannelHandle(channel);
	}

	@Override
	public void createDirectories(Path dir) throws IOException {
		Files.createDirectories(dir);
	}

	@Override
	public void forceDirectory(Path dir) throws IOException {
		// Opening a directory for reading and forcing it flushes its entries on Linux and
		// macOS; file systems that refuse (some on Windows) have nothing more to flush.
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			if (System.getProperty("os.name", "").startsWith("Windows")) {
				return;
			}
			throw ex;
		}
	}

	@Override
	public void moveAtomically(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("the file system cannot rename " + source.getFileName() + " atomically", ex);
		}
	}

	@Override
	public void deleteIfExists(Path file) throws IOException {
		Files.deleteIfExists(file);
	}

	@Override
	public List<Path> list(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return new ArrayList<>(files.toList());
		}
	}

	@Override
	public boolean exists(Path file) {
		return Files.exists(file);
	}

	@Override
	public long size(Path file) throws IOException {
		return Files.size(file);
	}

	private static final class ChannelHandle implements FileHandle {

		private final FileChannel channel;

		ChannelHandle(FileChannel channel) {
			this.channel = channel;
		}

		@Override
		public int read(ByteBuffer dst, long position) throws IOException {
			int total = 0;
			while (dst.hasRemaining()) {
				int n = this.channel.read(dst, position + total);
				if (n < 0) {
					break;
				}
				total += n;
			}
			return total;
		}

		@Override
		public void write(ByteBuffer src, long position) throws IOException {
			long at = position;
			while (src.hasRemaining()) {
				at += this.channel.write(src, at);
			}
		}

		@Override
		public void force() throws IOException {
			this.channel.force(true);
		}

		@Override
		public long size() throws IOException {
			return this.channel.size();
		}

		@Override
		public void truncate(long size) throws IOException {
			this.channel.truncate(size);
		}

		@Override
		public boolean isOpen() {
			return this.channel.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
