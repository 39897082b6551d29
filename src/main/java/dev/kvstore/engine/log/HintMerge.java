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
 * The inputs meet in a loser tree (a tournament tree that keeps the loser of each match):
 * when the winning input moves on, it replays only the matches on its way to the root,
 * one key comparison per level, about half what a binary heap makes. Merging is most of
 * what a start from hint files costs.
 */
final class HintMerge {

	/** A segment and its checked hint file. */
	record Source(Segment segment, HintFile hint) {

	}

	/** A source being walked, with the bounds of its current key at hand. */
	private static final class Input {

		final Segment segment;

		final HintFile.Cursor cursor;

		final byte[] source;

		int keyFrom;

		int keyTo;

		boolean exhausted;

		Input(Segment segment, HintFile.Cursor cursor) {
			this.segment = segment;
			this.cursor = cursor;
			this.source = cursor.source();
			next();
		}

		void next() {
			if (this.cursor.next()) {
				this.keyFrom = this.cursor.keyFrom();
				this.keyTo = this.cursor.keyTo();
			}
			else {
				this.exhausted = true;
			}
		}

	}

	private final Input[] inputs;

	/**
	 * The loser tree: {@code tree[0]} is the index of the input with the smallest key,
	 * {@code tree[1..n-1]} the losers of the matches, input {@code i} being leaf
	 * {@code n + i} (node {@code j}'s parent is {@code j / 2}).
	 */
	private final int[] tree;

	private long maxSequence;

	HintMerge(List<Source> sources) {
		int n = sources.size();
		this.inputs = new Input[n];
		for (int i = 0; i < n; i++) {
			this.inputs[i] = new Input(sources.get(i).segment(), sources.get(i).hint().cursor());
		}
		// Every match starts lost by a stand-in (index n) smaller than any key, which
		// each input in turn displaces: after the last, the tree is complete.
		this.tree = new int[Math.max(n, 1)];
		Arrays.fill(this.tree, n);
		for (int i = n - 1; i >= 0; i--) {
			replay(i);
		}
	}

	/**
	 * Merges every source: winning puts to {@code loader} (not finished here), winning
	 * tombstones to {@code deleted}, the bytes of everything else to its segment's dead
	 * bytes.
	 * @return the highest sequence number of any entry, or 0
	 */
	long into(KeyIndex.Loader loader, Map<byte[], Long> deleted) {
		if (this.inputs.length == 0) {
			return 0;
		}
		while (!top().exhausted) {
			Input first = top();
			// The bytes of a hint file never change: the key stays valid as its cursor
			// moves on.
			byte[] key = first.source;
			int keyFrom = first.keyFrom;
			int keyTo = first.keyTo;
			Segment winner = null;
			long sequence = 0;
			long offset = 0;
			int size = 0;
			boolean tombstone = false;
			do {
				Input input = top();
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
				input.next();
				replay(this.tree[0]);
			}
			while (!top().exhausted && sameKey(top(), key, keyFrom, keyTo));
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

	private Input top() {
		return this.inputs[this.tree[0]];
	}

	/**
	 * Plays input {@code i} (whose key changed) up from its leaf: at each match it meets
	 * the loser kept there, and the smaller of the two goes on.
	 */
	private void replay(int i) {
		int n = this.inputs.length;
		int going = i;
		for (int node = (i + n) >>> 1; node > 0; node >>>= 1) {
			int kept = this.tree[node];
			if (beats(kept, going)) {
				this.tree[node] = going;
				going = kept;
			}
		}
		this.tree[0] = going;
	}

	/** Whether input {@code a} comes strictly before input {@code b}. */
	private boolean beats(int a, int b) {
		int n = this.inputs.length;
		if (a == n || b == n) {
			// the stand-in of the start, smaller than anything
			return a == n && b != n;
		}
		Input x = this.inputs[a];
		Input y = this.inputs[b];
		if (x.exhausted || y.exhausted) {
			return !x.exhausted;
		}
		return Arrays.compareUnsigned(x.source, x.keyFrom, x.keyTo, y.source, y.keyFrom, y.keyTo) < 0;
	}

	private static boolean sameKey(Input input, byte[] key, int from, int to) {
		return Arrays.equals(input.source, input.keyFrom, input.keyTo, key, from, to);
	}

}
