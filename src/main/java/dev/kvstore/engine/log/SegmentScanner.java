package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.kvstore.engine.io.FileHandle;

/**
 * Reads the records of a segment in order, in large sequential reads, and stops at the
 * first record that does not decode. Recovery, compaction and hint writing all read
 * segments this way.
 */
final class SegmentScanner {

	private static final int CHUNK = 1 << 20;

	/** Receives each record with its place in the file. */
	interface Visitor {

		/**
		 * @param offset where the record starts
		 * @param raw the record's bytes, valid only during the call
		 * @param record the decoded record, without its value
		 */
		void record(long offset, ByteBuffer raw, LogRecord record) throws IOException;

	}

	/**
	 * Where a scan stopped.
	 *
	 * @param end the offset after the last good record
	 * @param problem why the scan stopped before the end of the file, or {@code null}
	 */
	record Result(long end, String problem) {

		boolean complete() {
			return this.problem == null;
		}

	}

	private SegmentScanner() {
	}

	/** Scans from {@code from} to {@code fileSize}. */
	static Result scan(FileHandle handle, long from, long fileSize, Visitor visitor) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(CHUNK).limit(0);
		long bufferStart = from;
		long offset = from;
		while (offset < fileSize) {
			int at = (int) (offset - bufferStart);
			buffer.position(at);
			int size;
			try {
				if (buffer.remaining() < LogFormat.RECORD_HEADER_SIZE) {
					bufferStart = offset;
					buffer = refill(handle, buffer, offset, LogFormat.RECORD_HEADER_SIZE, fileSize);
					at = 0;
				}
				size = RecordCodec.sizeAt(buffer);
				if (offset + size > fileSize) {
					return new Result(offset, "record is cut short");
				}
				if (buffer.remaining() < size) {
					bufferStart = offset;
					buffer = refill(handle, buffer, offset, size, fileSize);
					at = 0;
				}
				LogRecord record = RecordCodec.decode(buffer, false);
				visitor.record(offset, buffer.duplicate().position(at).limit(at + size).slice(), record);
			}
			catch (MalformedDataException ex) {
				return new Result(offset, ex.getMessage());
			}
			offset += size;
		}
		return new Result(offset, null);
	}

	/**
	 * Finds the first offset after {@code from} where a whole record decodes, for the
	 * salvage mode: damage is skipped one byte at a time until the records line up again.
	 * @return that offset, or {@code fileSize} if none is left
	 */
	static long nextGoodRecord(FileHandle handle, long from, long fileSize) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(LogFormat.RECORD_HEADER_SIZE);
		for (long offset = from; offset + LogFormat.RECORD_HEADER_SIZE <= fileSize; offset++) {
			header.clear();
			handle.read(header, offset);
			header.flip();
			try {
				int size = RecordCodec.sizeAt(header);
				if (offset + size > fileSize) {
					continue;
				}
				ByteBuffer record = ByteBuffer.allocate(size);
				handle.read(record, offset);
				RecordCodec.decode(record.flip(), false);
				return offset;
			}
			catch (MalformedDataException ex) {
				// not a record boundary; try the next byte
			}
		}
		return fileSize;
	}

	/**
	 * Whether the bytes from {@code from} to {@code to} are all zero: the zeros a write
	 * segment is extended with ahead of its appends ({@link Segment#preallocate}), rather
	 * than a record cut short.
	 */
	static boolean onlyZeros(FileHandle handle, long from, long to) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
		for (long offset = from; offset < to;) {
			buffer.clear().limit((int) Math.min(CHUNK, to - offset));
			int read = handle.read(buffer, offset);
			if (read <= 0) {
				return false;
			}
			for (int i = 0; i < read; i++) {
				if (buffer.get(i) != 0) {
					return false;
				}
			}
			offset += read;
		}
		return true;
	}

	private static ByteBuffer refill(FileHandle handle, ByteBuffer buffer, long offset, int needed, long fileSize)
			throws IOException {
		int want = (int) Math.min(Math.max(needed, CHUNK), fileSize - offset);
		ByteBuffer target = (buffer.capacity() >= want) ? buffer : ByteBuffer.allocate(want);
		target.clear().limit(want);
		int read = handle.read(target, offset);
		target.flip();
		if (read < Math.min(needed, want)) {
			throw new MalformedDataException("file ends inside a record");
		}
		return target;
	}

}
