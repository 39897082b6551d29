package dev.kvstore.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The disk work of durable puts without the engine: a paced loop of small appends and an
 * fsync after each group of them, to a file of its own, until it is killed. Run beside
 * the service with the memory engine, it measures what that I/O alone costs a service on
 * the same machine: the part of the log engine's cost over HTTP that no change to its
 * Java code can remove ({@code bench/disk-load-ab.sh}, {@code docs/benchmarks.md}). Not a
 * test: it asserts nothing and runs only when called.
 *
 * <p>
 * The file is written as the engine writes its active segment: zeros first (64 MiB, which
 * the loop then overwrites over and over), so that an fsync commits data and never a new
 * file length; the fsync is {@code FileChannel.force(true)}, as the engine's.
 *
 * <p>
 * Arguments: [fsyncs a second, default 500] [appends per fsync, default 15] [bytes per
 * append, default 130: a 100-byte value under a short key, with the record's header]
 * [{@code nosync}: the appends without the fsyncs] [file, default a temporary one].
 */
public final class DiskLoad {

	private static final long FILE_BYTES = 64L << 20;

	private DiskLoad() {
	}

	public static void main(String[] args) throws IOException {
		int fsyncsPerSecond = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int appendsPerFsync = (args.length > 1) ? Integer.parseInt(args[1]) : 15;
		int appendBytes = (args.length > 2) ? Integer.parseInt(args[2]) : 130;
		boolean sync = args.length <= 3 || !args[3].equals("nosync");
		Path file = (args.length > 4) ? Path.of(args[4]) : Files.createTempFile("kvstore-disk-load", ".dat");
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
			writeZeros(channel);
			run(channel, 1_000_000_000L / fsyncsPerSecond, appendsPerFsync, appendBytes, sync);
		}
	}

	private static void writeZeros(FileChannel channel) throws IOException {
		ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
		for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
			zeros.clear();
			channel.write(zeros, at);
		}
		channel.force(true);
	}

	private static void run(FileChannel channel, long periodNanos, int appendsPerFsync, int appendBytes, boolean sync)
			throws IOException {
		ByteBuffer record = ByteBuffer.allocateDirect(appendBytes);
		long position = 0;
		long groups = 0;
		long began = System.nanoTime();
		long next = began;
		long reported = began;
		while (true) {
			for (int i = 0; i < appendsPerFsync; i++) {
				if (position + appendBytes > FILE_BYTES) {
					position = 0;
				}
				record.clear();
				channel.write(record, position);
				position += appendBytes;
			}
			if (sync) {
				channel.force(true);
			}
			groups++;
			// Paced by a schedule, not by sleeps after each group: a slow fsync is made
			// up
			// for by the next groups, and the rate stays the one asked for while the disk
			// keeps up.
			next += periodNanos;
			long now = System.nanoTime();
			if (next > now) {
				LockSupport.parkNanos(next - now);
			}
			else {
				next = now;
			}
			if (now - reported >= 5_000_000_000L) {
				double seconds = (now - began) / 1e9;
				System.err.printf("%,.0f %s a second, %,.0f appends a second%n", groups / seconds,
						sync ? "fsyncs" : "groups", groups * appendsPerFsync / seconds);
				reported = now;
			}
		}
	}

}
