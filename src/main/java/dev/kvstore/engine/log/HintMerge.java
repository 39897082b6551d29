package dev.kvstore.engine.log;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Recovers every segment that has a sound hint file in one pass: the hint files, each
 * sorted by key, are merged, so that all records of a key meet at once and the index is
 * loaded in key order through a {@link KeyIndex.Loader}, with no lookup and no page
 * rebuilt per key.
 *
 * <p>
 * Of the records of one key, the one with the highest sequence number wins, as when
 * records are applied one by one: a put goes to the index, a tombstone to the map of
 * deleted keys (so that a segment scanned afterwards cannot bring an older value back)
 * and its own bytes are dead; every other record is dead in its segment. Copies that an
 * interrupted compaction left (equal sequence numbers) are settled for the segment of the
 * lowest id, as a scan of the segments in id order would; records with a sequence number
 * below 1 never win, as in {@link Recovery}.
 *
 * <p>
 * The inputs are kept in a binary heap ordered by their current key, which is taken off
 * the top and pushed down again once per entry.
 */
final class HintMerge {

	/** A segment and its checked hint file. */
	record Source(Segment segment, HintFile hint) {

	}

	/** A source being walked. */
	private static final class Input {

		final Segment segment;

		final HintFile.Cursor cursor;

		Input(Segment segment, HintFile.Cursor cursor) {
			this.segment = segment;
			this.cursor = cursor;
		}

	}

	private final Input[] heap;

	private int live;

	private long maxSequence;

	HintMerge(List<Source> sources) {
		this.heap = new Input[sources.size()];
		for (Source source : sources) {
			HintFile.Cursor cursor = source.hint().cursor();
			if (cursor.next()) {
				this.heap[this.live++] = new Input(source.segment(), cursor);
			}
		}
		for (int i = this.live / 2 - 1; i >= 0; i--) {
			siftDown(i);
		}
	}

	/**
	 * Merges every source: winning puts to {@code loader} (not finished here), winning
	 * tombstones to {@code deleted}, the bytes of everything else to its segment's dead
	 * bytes.
	 * @return the highest sequence number of any entry, or 0
	 */
	long into(KeyIndex.Loader loader, Map<byte[], Long> deleted) {
		while (this.live > 0) {
			HintFile.Cursor first = this.heap[0].cursor;
			// The bytes of a hint file never change: the key stays valid as its cursor
			// moves on.
			byte[] key = first.source();
			int keyFrom = first.keyFrom();
			int keyTo = first.keyTo();
			Segment winner = null;
			long sequence = 0;
			long offset = 0;
			int size = 0;
			boolean tombstone = false;
			do {
				Input input = this.heap[0];
				HintFile.Cursor cursor = input.cursor;
				long candidate = cursor.sequence();
				this.maxSequence = Math.max(this.maxSequence, candidate);
				if (candidate > sequence
						|| (candidate == sequence && winner != null && input.segment.id() < winner.id())) {
					if (winner != null) {
						winner.addDeadBytes(size);
					}
					winner = input.segment;
					sequence = candidate;
					offset = cursor.offset();
					size = cursor.recordSize();
					tombstone = cursor.tombstone();
				}
				else {
					input.segment.addDeadBytes(cursor.recordSize());
				}
				advance();
			}
			while (this.live > 0 && sameKey(this.heap[0].cursor, key, keyFrom, keyTo));
			if (winner == null) {
				continue;
			}
			if (tombstone) {
				winner.addDeadBytes(size);
				deleted.put(Arrays.copyOfRange(key, keyFrom, keyTo), sequence);
			}
			else {
				loader.add(key, keyFrom, keyTo, new IndexEntry(winner.id(), offset, size, sequence));
			}
		}
		return this.maxSequence;
	}

	/** Moves the top input to its next entry, and it down the heap (or out). */
	private void advance() {
		if (!this.heap[0].cursor.next()) {
			this.live--;
			this.heap[0] = this.heap[this.live];
			this.heap[this.live] = null;
		}
		siftDown(0);
	}

	private void siftDown(int at) {
		Input moving = this.heap[at];
		if (moving == null) {
			return;
		}
		while (true) {
			int child = 2 * at + 1;
			if (child >= this.live) {
				break;
			}
			if (child + 1 < this.live && compare(this.heap[child + 1], this.heap[child]) < 0) {
				child++;
			}
			if (compare(this.heap[child], moving) >= 0) {
				break;
			}
			this.heap[at] = this.heap[child];
			at = child;
		}
		this.heap[at] = moving;
	}

	private static int compare(Input a, Input b) {
		HintFile.Cursor x = a.cursor;
		HintFile.Cursor y = b.cursor;
		return Arrays.compareUnsigned(x.source(), x.keyFrom(), x.keyTo(), y.source(), y.keyFrom(), y.keyTo());
	}

	private static boolean sameKey(HintFile.Cursor cursor, byte[] key, int from, int to) {
		return Arrays.equals(cursor.source(), cursor.keyFrom(), cursor.keyTo(), key, from, to);
	}

}
