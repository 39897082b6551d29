package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Damages files straight on the disk, the way a bad sector, a torn write or a stray
 * process does, for corruption tests. Changes made behind a {@link FaultyIo}'s back are
 * not part of its crash model; call {@link FaultyIo#adoptDiskState()} afterwards if a
 * power loss must not undo them.
 */
public final class Corruptor {

	private Corruptor() {
	}

	/** Inverts every bit of the byte at {@code offset}: the value surely changes. */
	public static void flipByte(Path file, long offset) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			checkInside(file, channel, offset);
			ByteBuffer one = ByteBuffer.allocate(1);
			channel.read(one, offset);
			one.put(0, (byte) ~one.get(0));
			channel.write(one.rewind(), offset);
		}
	}

	/**
	 * Replaces the bytes from {@code offset} with {@code bytes}, growing the file if need
	 * be.
	 */
	public static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer, offset + buffer.position());
			}
		}
	}

	/** Cuts the file to {@code length} bytes, as a torn final write leaves it. */
	public static void truncate(Path file, long length) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			if (length > channel.size()) {
				throw new IllegalArgumentException(
						file + " has " + channel.size() + " bytes, cannot truncate it to " + length);
			}
			channel.truncate(length);
		}
	}

	/**
	 * Appends {@code count} zero bytes, as a file system that extended the file but lost
	 * the data leaves it.
	 */
	public static void appendZeros(Path file, int count) throws IOException {
		append(file, new byte[count]);
	}

	/** Appends {@code count} random bytes, the same ones for the same {@code seed}. */
	public static void appendGarbage(Path file, int count, long seed) throws IOException {
		byte[] garbage = new byte[count];
		new Random(seed).nextBytes(garbage);
		append(file, garbage);
	}

	/** Appends {@code bytes} at the end of the file. */
	public static void append(Path file, byte[] bytes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
		}
	}

	private static void checkInside(Path file, FileChannel channel, long offset) throws IOException {
		if (offset < 0 || offset >= channel.size()) {
			throw new IllegalArgumentException(file + " has " + channel.size() + " bytes, no byte at " + offset);
		}
	}

}
