package dev.kvstore.engine.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The packed encoding of one leaf page of {@link CompactIndex}: up to a few kilobytes of
 * entries sorted by key in one {@code byte[]}, with no object per entry. A page is never
 * changed once built (every update builds a new one), so readers need no lock and each
 * array is exactly as long as its content.
 *
 * <pre>
 * page:
 *   0  i32  count n
 *   4       n slots of 25 bytes, in key order:
 *     0  i32  key end          offset in the page just past this entry's key
 *     4  u32  segment id       at most MAX_SEGMENT_ID
 *     8  u40  offset           at most MAX_OFFSET
 *    13  i32  size             not negative
 *    17  i64  sequence number
 *   4+25n   the keys, back to back in slot order
 * </pre>
 *
 * The key of slot i runs from the key end of slot i-1 (the start of the key area for slot
 * 0) to its own key end: fixed-width slots allow a binary search without decoding.
 * Integers are little-endian, read with a {@link VarHandle}.
 */
final class IndexPage {

	static final int HEADER = 4;

	static final int SLOT = 25;

	private static final int KEY_END = 0;

	private static final int SEGMENT = 4;

	private static final int OFFSET = 8;

	private static final int SIZE = 13;

	private static final int SEQUENCE = 17;

	/** Segment ids are stored in 32 bits, unsigned: 4 billion files. */
	static final long MAX_SEGMENT_ID = 0xFFFF_FFFFL;

	/** Offsets are stored in 40 bits: segments up to 1 TiB ({@link LogOptions}). */
	static final long MAX_OFFSET = (1L << 40) - 1;

	/** The page of no entries. */
	static final byte[] EMPTY = new byte[HEADER];

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private IndexPage() {
	}

	/**
	 * Rejects an entry that does not fit a slot, before anything is changed.
	 * @throws IllegalArgumentException naming the field and its bound
	 */
	static void check(IndexEntry entry) {
		if (entry.segmentId() < 0 || entry.segmentId() > MAX_SEGMENT_ID) {
			throw new IllegalArgumentException(
					"segment id " + entry.segmentId() + " is outside the index's range 0.." + MAX_SEGMENT_ID);
		}
		if (entry.offset() < 0 || entry.offset() > MAX_OFFSET) {
			throw new IllegalArgumentException(
					"record offset " + entry.offset() + " is outside the index's range 0.." + MAX_OFFSET);
		}
		if (entry.size() < 0) {
			throw new IllegalArgumentException(
					"record size " + entry.size() + " is outside the index's range 0.." + Integer.MAX_VALUE);
		}
	}

	static int count(byte[] page) {
		return (int) INT.get(page, 0);
	}

	/** Bytes of the page's keys and slots together, without the header. */
	static int contentBytes(byte[] page) {
		return page.length - HEADER;
	}

	private static int slot(int index) {
		return HEADER + index * SLOT;
	}

	private static int keyStart(byte[] page, int index) {
		return (index == 0) ? slot(count(page)) : keyEnd(page, index - 1);
	}

	private static int keyEnd(byte[] page, int index) {
		return (int) INT.get(page, slot(index) + KEY_END);
	}

	/**
	 * The position of {@code key}, or {@code -(insertion point) - 1} if it is absent, in
	 * the manner of {@link Arrays#binarySearch(int[], int)}.
	 */
	static int search(byte[] page, byte[] key) {
		int low = 0;
		int high = count(page) - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			int cmp = compare(page, mid, key);
			if (cmp < 0) {
				low = mid + 1;
			}
			else if (cmp > 0) {
				high = mid - 1;
			}
			else {
				return mid;
			}
		}
		return -(low + 1);
	}

	/** The key of entry {@code index} compared with {@code key}, as unsigned bytes. */
	static int compare(byte[] page, int index, byte[] key) {
		return Arrays.compareUnsigned(page, keyStart(page, index), keyEnd(page, index), key, 0, key.length);
	}

	/** Whether the key of entry {@code index} starts with {@code prefix}. */
	static boolean startsWith(byte[] page, int index, byte[] prefix) {
		int start = keyStart(page, index);
		return keyEnd(page, index) - start >= prefix.length
				&& Arrays.equals(page, start, start + prefix.length, prefix, 0, prefix.length);
	}

	/** A copy of the key of entry {@code index}. */
	static byte[] key(byte[] page, int index) {
		return Arrays.copyOfRange(page, keyStart(page, index), keyEnd(page, index));
	}

	static IndexEntry entry(byte[] page, int index) {
		int at = slot(index);
		long segment = Integer.toUnsignedLong((int) INT.get(page, at + SEGMENT));
		long offset = Integer.toUnsignedLong((int) INT.get(page, at + OFFSET)) | (page[at + OFFSET + 4] & 0xFFL) << 32;
		int size = (int) INT.get(page, at + SIZE);
		long sequence = (long) LONG.get(page, at + SEQUENCE);
		return new IndexEntry(segment, offset, size, sequence);
	}

	/**
	 * A copy of the page with the entry of {@code index} (same key) set to {@code entry}.
	 */
	static byte[] withEntry(byte[] page, int index, IndexEntry entry) {
		byte[] copy = page.clone();
		writeFields(copy, slot(index), entry);
		return copy;
	}

	/**
	 * Sets the entry of {@code index} (same key) in place: only for a page that is not
	 * published yet, such as a fresh copy.
	 */
	static void setEntry(byte[] page, int index, IndexEntry entry) {
		writeFields(page, slot(index), entry);
	}

	/** A copy of the page with {@code key} and its entry inserted at {@code index}. */
	static byte[] insert(byte[] page, int index, byte[] key, IndexEntry entry) {
		int count = count(page);
		Builder out = new Builder(count + 1, keyBytes(page, 0, count) + key.length);
		out.copy(page, 0, index);
		out.add(key, entry);
		out.copy(page, index, count);
		return out.build();
	}

	/** A copy of the page without the entry of {@code index}. */
	static byte[] remove(byte[] page, int index) {
		int count = count(page);
		Builder out = new Builder(count - 1, keyBytes(page, 0, count) - (keyEnd(page, index) - keyStart(page, index)));
		out.copy(page, 0, index);
		out.copy(page, index + 1, count);
		return out.build();
	}

	/** The entries {@code from} (inclusive) to {@code to} (exclusive) as a page. */
	static byte[] slice(byte[] page, int from, int to) {
		Builder out = new Builder(to - from, keyBytes(page, from, to));
		out.copy(page, from, to);
		return out.build();
	}

	/**
	 * The entries of {@code left} then those of {@code right}, whose keys are greater.
	 */
	static byte[] concat(byte[] left, byte[] right) {
		int leftCount = count(left);
		int rightCount = count(right);
		Builder out = new Builder(leftCount + rightCount,
				keyBytes(left, 0, leftCount) + keyBytes(right, 0, rightCount));
		out.copy(left, 0, leftCount);
		out.copy(right, 0, rightCount);
		return out.build();
	}

	/**
	 * Where to split a page of at least two entries so that the halves hold about as many
	 * bytes: between 1 and count - 1.
	 */
	static int splitPoint(byte[] page) {
		int count = count(page);
		int half = contentBytes(page) / 2;
		int index = 1;
		while (index < count - 1 && index * SLOT + keyBytes(page, 0, index) < half) {
			index++;
		}
		return index;
	}

	private static int keyBytes(byte[] page, int from, int to) {
		return (from == to) ? 0 : keyEnd(page, to - 1) - keyStart(page, from);
	}

	private static void writeFields(byte[] page, int at, IndexEntry entry) {
		INT.set(page, at + SEGMENT, (int) entry.segmentId());
		INT.set(page, at + OFFSET, (int) entry.offset());
		page[at + OFFSET + 4] = (byte) (entry.offset() >>> 32);
		INT.set(page, at + SIZE, entry.size());
		LONG.set(page, at + SEQUENCE, entry.sequence());
	}

	/**
	 * Packs entries given in ascending key order into new pages, one page after another:
	 * how {@link CompactIndexLoader} fills a page without building it again for every
	 * entry. The slots and keys of the page being filled wait in two buffers that grow as
	 * needed; the count is known only when the page is taken, and the slots come first.
	 * The caller checks the order.
	 */
	static final class Packer {

		private byte[] slots = new byte[64 * SLOT];

		private byte[] keys = new byte[1024];

		private int count;

		private int keyBytes;

		int count() {
			return this.count;
		}

		/** The length the page would have with one more entry of this key length. */
		long bytesWith(int keyLength) {
			return (long) HEADER + (long) (this.count + 1) * SLOT + this.keyBytes + keyLength;
		}

		/** Adds the key {@code source[from, to)} with its entry, after the others. */
		void add(byte[] source, int from, int to, IndexEntry entry) {
			int length = to - from;
			if (this.slots.length < (this.count + 1) * SLOT) {
				this.slots = Arrays.copyOf(this.slots, this.slots.length * 2);
			}
			if (this.keys.length - this.keyBytes < length) {
				this.keys = Arrays.copyOf(this.keys, Math.max(this.keys.length * 2, this.keyBytes + length));
			}
			System.arraycopy(source, from, this.keys, this.keyBytes, length);
			this.keyBytes += length;
			int at = this.count * SLOT;
			// The key end is relative to the key area until take() knows where that is.
			INT.set(this.slots, at + KEY_END, this.keyBytes);
			writeFields(this.slots, at, entry);
			this.count++;
		}

		/** The page of the entries added since the last one was taken. */
		byte[] take() {
			int keyArea = slot(this.count);
			byte[] page = new byte[keyArea + this.keyBytes];
			INT.set(page, 0, this.count);
			System.arraycopy(this.slots, 0, page, HEADER, this.count * SLOT);
			for (int at = HEADER; at < keyArea; at += SLOT) {
				INT.set(page, at + KEY_END, (int) INT.get(page, at + KEY_END) + keyArea);
			}
			System.arraycopy(this.keys, 0, page, keyArea, this.keyBytes);
			this.count = 0;
			this.keyBytes = 0;
			return page;
		}

	}

	/** Fills a new page of a known count and key length, in key order. */
	private static final class Builder {

		private final byte[] page;

		private int count;

		private int keyPosition;

		Builder(int count, int keyBytes) {
			this.page = new byte[HEADER + count * SLOT + keyBytes];
			INT.set(this.page, 0, count);
			this.keyPosition = slot(count);
		}

		/** Appends the entries {@code from} to {@code to} of {@code source}. */
		void copy(byte[] source, int from, int to) {
			if (from >= to) {
				return;
			}
			int n = to - from;
			int keysStart = keyStart(source, from);
			int keysLength = keyEnd(source, to - 1) - keysStart;
			int first = slot(this.count);
			System.arraycopy(source, slot(from), this.page, first, n * SLOT);
			// The keys move as a block: shift each key end by the block's move.
			int shift = this.keyPosition - keysStart;
			for (int at = first; at < first + n * SLOT; at += SLOT) {
				INT.set(this.page, at + KEY_END, (int) INT.get(this.page, at + KEY_END) + shift);
			}
			System.arraycopy(source, keysStart, this.page, this.keyPosition, keysLength);
			this.count += n;
			this.keyPosition += keysLength;
		}

		void add(byte[] key, IndexEntry entry) {
			int at = slot(this.count);
			System.arraycopy(key, 0, this.page, this.keyPosition, key.length);
			this.keyPosition += key.length;
			INT.set(this.page, at + KEY_END, this.keyPosition);
			writeFields(this.page, at, entry);
			this.count++;
		}

		byte[] build() {
			if (this.count != count(this.page) || this.keyPosition != this.page.length) {
				throw new IllegalStateException("page filled with " + this.count + " entries and " + this.keyPosition
						+ " bytes of " + this.page.length);
			}
			return this.page;
		}

	}

}
