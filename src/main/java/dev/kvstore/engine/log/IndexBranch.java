package dev.kvstore.engine.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An inner node of {@link CompactIndex}: its children (all pages, or all branches) and
 * the keys that separate them. Immutable, like the pages: an update builds new branches
 * along the path to the root.
 *
 * <p>
 * Child {@code i} holds the keys from {@code separators[i]} (inclusive) up to
 * {@code separators[i + 1]}; {@code separators[0]} is {@code null} because the first
 * child takes every key below {@code separators[1]}, its bounds being the parent's.
 */
final class IndexBranch {

	/** Heap of the object itself: header, three references and an int, rounded to 8. */
	private static final int OBJECT_BYTES = 32;

	private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.BIG_ENDIAN);

	final byte[][] separators;

	final Object[] children;

	/** The length of the prefix every separator shares. */
	private final int shared;

	/**
	 * Eight bytes of each separator from {@link #shared} on, as an unsigned big-endian
	 * number (zeros past its end): most steps of a search compare these, from one array,
	 * instead of following a reference to a separator's own array, which is usually not
	 * in the CPU's cache. Only equal heads need the separators themselves.
	 */
	private final long[] heads;

	IndexBranch(byte[][] separators, Object[] children) {
		this(separators, children, sharedPrefix(separators));
	}

	private IndexBranch(byte[][] separators, Object[] children, int shared) {
		this(separators, children, shared, heads(separators, shared));
	}

	private IndexBranch(byte[][] separators, Object[] children, int shared, long[] heads) {
		this.separators = separators;
		this.children = children;
		this.shared = shared;
		this.heads = heads;
	}

	/** Separators are sorted: what the first and the last share, all share. */
	private static int sharedPrefix(byte[][] separators) {
		if (separators.length < 2) {
			return 0;
		}
		byte[] first = separators[1];
		byte[] last = separators[separators.length - 1];
		int mismatch = Arrays.mismatch(first, last);
		return (mismatch < 0) ? first.length : mismatch;
	}

	private static long[] heads(byte[][] separators, int shared) {
		long[] heads = new long[separators.length];
		for (int i = 1; i < separators.length; i++) {
			heads[i] = head(separators[i], shared);
		}
		return heads;
	}

	/** Eight bytes of {@code key} from {@code from}, big-endian, zeros past its end. */
	private static long head(byte[] key, int from) {
		if (from + Long.BYTES <= key.length) {
			return (long) LONG_BIG_ENDIAN.get(key, from);
		}
		long head = 0;
		for (int i = 0; i < Long.BYTES; i++) {
			head = (head << 8) | ((from + i < key.length) ? (key[from + i] & 0xff) : 0);
		}
		return head;
	}

	int size() {
		return this.children.length;
	}

	/** The index of the child whose range holds {@code key}. */
	int childFor(byte[] key) {
		int last = this.separators.length - 1;
		if (last < 1) {
			return 0;
		}
		if (this.shared > 0) {
			// A key without the shared prefix is below every separator or above them all.
			int order = Arrays.compareUnsigned(key, 0, Math.min(this.shared, key.length), this.separators[1], 0,
					this.shared);
			if (order != 0) {
				return (order < 0) ? 0 : last;
			}
		}
		long head = head(key, this.shared);
		int low = 1;
		int high = last;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			// Unequal heads order the keys as the keys themselves would be ordered.
			int order = Long.compareUnsigned(this.heads[mid], head);
			if (order == 0) {
				order = Arrays.compareUnsigned(this.separators[mid], key);
			}
			if (order <= 0) {
				low = mid + 1;
			}
			else {
				high = mid - 1;
			}
		}
		return low - 1;
	}

	/** A copy with child {@code index} replaced. */
	IndexBranch with(int index, Object child) {
		Object[] children = this.children.clone();
		children[index] = child;
		return new IndexBranch(this.separators, children, this.shared, this.heads);
	}

	/** A copy with child {@code index} replaced by {@code left} and {@code right}. */
	IndexBranch split(int index, Object left, byte[] separator, Object right) {
		int n = size();
		byte[][] separators = new byte[n + 1][];
		Object[] children = new Object[n + 1];
		System.arraycopy(this.separators, 0, separators, 0, index + 1);
		System.arraycopy(this.children, 0, children, 0, index);
		children[index] = left;
		separators[index + 1] = separator;
		children[index + 1] = right;
		System.arraycopy(this.separators, index + 1, separators, index + 2, n - index - 1);
		System.arraycopy(this.children, index + 1, children, index + 2, n - index - 1);
		return new IndexBranch(separators, children);
	}

	/**
	 * A copy without child {@code index}; its keys fall to its left neighbour (or, for
	 * the first child, to the next one, which becomes first).
	 */
	IndexBranch without(int index) {
		int n = size();
		if (n == 1) {
			return new IndexBranch(new byte[0][], new Object[0]);
		}
		byte[][] separators = new byte[n - 1][];
		Object[] children = new Object[n - 1];
		System.arraycopy(this.children, 0, children, 0, index);
		System.arraycopy(this.children, index + 1, children, index, n - index - 1);
		if (index == 0) {
			System.arraycopy(this.separators, 2, separators, 1, n - 2);
		}
		else {
			System.arraycopy(this.separators, 0, separators, 0, index);
			System.arraycopy(this.separators, index + 1, separators, index, n - index - 1);
		}
		return new IndexBranch(separators, children);
	}

	/**
	 * A copy with children {@code index} and {@code index + 1} replaced by
	 * {@code merged}.
	 */
	IndexBranch merge(int index, Object merged) {
		return without(index + 1).with(index, merged);
	}

	/** The children {@code from} to {@code to} as a branch. */
	IndexBranch slice(int from, int to) {
		byte[][] separators = Arrays.copyOfRange(this.separators, from, to);
		separators[0] = null;
		return new IndexBranch(separators, Arrays.copyOfRange(this.children, from, to));
	}

	/**
	 * The children of this branch then those of {@code right}, which the parent separates
	 * from this one by {@code separator}.
	 */
	IndexBranch concat(byte[] separator, IndexBranch right) {
		int n = size();
		byte[][] separators = Arrays.copyOf(this.separators, n + right.size());
		Object[] children = Arrays.copyOf(this.children, n + right.size());
		separators[n] = separator;
		System.arraycopy(right.separators, 1, separators, n + 1, right.size() - 1);
		System.arraycopy(right.children, 0, children, n, right.size());
		return new IndexBranch(separators, children);
	}

	/**
	 * Heap of this branch alone, its separator keys included (each separator belongs to
	 * exactly one branch), its children not: with compressed references.
	 */
	long ownBytes() {
		long bytes = OBJECT_BYTES + 2 * CompactIndex.arrayBytes(4L * size())
				+ CompactIndex.arrayBytes(8L * this.heads.length);
		for (int i = 1; i < this.separators.length; i++) {
			bytes += CompactIndex.arrayBytes(this.separators[i].length);
		}
		return bytes;
	}

}
