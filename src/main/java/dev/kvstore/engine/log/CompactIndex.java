package dev.kvstore.engine.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.kvstore.engine.KeyPage;

/**
 * A {@link KeyIndex} with no object per entry: a copy-on-write B+-tree whose leaves are
 * packed {@link IndexPage}s of a few kilobytes and whose inner nodes are
 * {@link IndexBranch}es. An entry costs its 25-byte slot and its key's bytes, plus a
 * share of its page's header and separator: about 28 bytes besides the key, against 92
 * for {@link SkipListIndex}.
 *
 * <p>
 * Nodes are never changed once published. An update copies the leaf it changes and the
 * branches above it, and publishes the new root with one volatile write: readers
 * ({@link #get}, {@link #list}) take no lock and always see a whole tree, one update
 * before or after another. Updates take a lock of their own, because compaction's
 * {@link #replace} runs beside the engine's writes.
 */
final class CompactIndex implements KeyIndex {

	/**
	 * Leaves are split beyond this many bytes: the cost of copying one on update. 1 KB
	 * (about 30 keys of 12 to 16 bytes) put about 1.4 times as fast as 2 KB in
	 * IndexFootprintBench for 1.4 bytes more per key.
	 */
	static final int DEFAULT_PAGE_BYTES = 1024;

	/** Branches are split beyond this many children. */
	static final int DEFAULT_BRANCH_CHILDREN = 64;

	/** The object itself, its lock and the lock's state: a fixed cost. */
	private static final int FIXED_BYTES = 128;

	private final int pageBytes;

	private final int branchChildren;

	/**
	 * Fair, so that a writer waiting while compaction replaces keys gets the lock after
	 * the current page rather than after a run of them (compaction takes it again at
	 * once). Without compaction only the engine's writes take it, one at a time, and a
	 * fair lock nobody waits for costs what an unfair one does.
	 */
	private final ReentrantLock updateLock = new ReentrantLock(true);

	/** A page ({@code byte[]}) or an {@link IndexBranch}. */
	private volatile Object root = IndexPage.EMPTY;

	/** Changed only under the update lock. */
	private volatile long size;

	/**
	 * The child taken at each branch by the last {@link #descend}, for {@link #rebuild}
	 * to follow back up without searching the branches again; used under the update lock.
	 */
	private int[] path = new int[8];

	CompactIndex() {
		this(DEFAULT_PAGE_BYTES, DEFAULT_BRANCH_CHILDREN);
	}

	/**
	 * @param pageBytes leaves holding more bytes than this (and two entries or more) are
	 * split
	 * @param branchChildren branches with more children than this are split
	 */
	CompactIndex(int pageBytes, int branchChildren) {
		if (pageBytes < IndexPage.HEADER + 2 * IndexPage.SLOT || branchChildren < 4) {
			throw new IllegalArgumentException(
					"pages of " + pageBytes + " bytes and branches of " + branchChildren + " children are too small");
		}
		this.pageBytes = pageBytes;
		this.branchChildren = branchChildren;
	}

	@Override
	public IndexEntry get(byte[] key) {
		byte[] page = leafFor(this.root, key);
		int index = IndexPage.search(page, key);
		return (index >= 0) ? IndexPage.entry(page, index) : null;
	}

	private static byte[] leafFor(Object node, byte[] key) {
		while (node instanceof IndexBranch branch) {
			node = branch.children[branch.childFor(key)];
		}
		return (byte[]) node;
	}

	@Override
	public IndexEntry put(byte[] key, IndexEntry entry) {
		IndexPage.check(entry);
		return update(key, (page, index) -> {
			if (index >= 0) {
				return IndexPage.withEntry(page, index, entry);
			}
			byte[] updated = IndexPage.insert(page, -index - 1, key, entry);
			this.size++;
			return updated;
		});
	}

	@Override
	public IndexEntry remove(byte[] key) {
		return update(key, (page, index) -> {
			if (index < 0) {
				return page;
			}
			byte[] updated = IndexPage.remove(page, index);
			this.size--;
			return updated;
		});
	}

	@Override
	public boolean replace(byte[] key, IndexEntry expected, IndexEntry replacement) {
		IndexPage.check(replacement);
		IndexEntry[] replaced = new IndexEntry[1];
		update(key, (page, index) -> {
			if (index < 0 || !IndexPage.entry(page, index).equals(expected)) {
				return page;
			}
			replaced[0] = expected;
			return IndexPage.withEntry(page, index, replacement);
		});
		return replaced[0] != null;
	}

	/**
	 * Replaces a leaf's worth of keys per hold of the update lock and per copy of the
	 * leaf, instead of one of each per key: compaction moves about 30 keys of every 1 KB
	 * page, and per-key copies of the page and of the branches above it made a compaction
	 * of 200 MB allocate 1.3 GB and hold the lock once per key, stalling writers
	 * ({@code docs/benchmarks.md}, Compaction). A replacement changes no key, so the
	 * tree's shape stays as it was: no split, no merge.
	 */
	@Override
	public List<Replacement> replaceAll(List<Replacement> sorted) {
		List<Replacement> missed = new ArrayList<>();
		int next = 0;
		while (next < sorted.size()) {
			this.updateLock.lock();
			try {
				Object root = this.root;
				byte[] firstKey = sorted.get(next).key();
				byte[] leaf = descend(root, firstKey);
				byte[] copy = null;
				do {
					Replacement replacement = sorted.get(next);
					IndexPage.check(replacement.replacement());
					int index = IndexPage.search(leaf, replacement.key());
					if (index >= 0 && IndexPage.entry(leaf, index).equals(replacement.expected())) {
						if (copy == null) {
							copy = leaf.clone();
						}
						IndexPage.setEntry(copy, index, replacement.replacement());
					}
					else {
						missed.add(replacement);
					}
					next++;
				}
				while (next < sorted.size() && leafFor(root, sorted.get(next).key()) == leaf);
				if (copy != null) {
					this.root = normalRoot(rebuild(root, 0, copy));
				}
			}
			finally {
				this.updateLock.unlock();
			}
		}
		return missed;
	}

	/** A change of the leaf holding a key, given the key's position in it. */
	private interface LeafChange {

		/** The new leaf, or {@code page} itself if nothing changes. */
		byte[] apply(byte[] page, int index);

	}

	/**
	 * Applies {@code change} to the leaf of {@code key} and publishes the new tree.
	 * @return the key's entry before the change, or {@code null}
	 */
	private IndexEntry update(byte[] key, LeafChange change) {
		this.updateLock.lock();
		try {
			Object root = this.root;
			byte[] leaf = descend(root, key);
			int index = IndexPage.search(leaf, key);
			IndexEntry previous = (index >= 0) ? IndexPage.entry(leaf, index) : null;
			Object updated = rebuild(root, 0, change.apply(leaf, index));
			if (updated != root) {
				this.root = normalRoot(updated);
			}
			return previous;
		}
		finally {
			this.updateLock.unlock();
		}
	}

	/**
	 * The leaf of {@code key} under {@code root}, noting the way down in {@link #path}.
	 */
	private byte[] descend(Object root, byte[] key) {
		Object node = root;
		int depth = 0;
		while (node instanceof IndexBranch branch) {
			int index = branch.childFor(key);
			if (depth == this.path.length) {
				this.path = Arrays.copyOf(this.path, depth * 2);
			}
			this.path[depth++] = index;
			node = branch.children[index];
		}
		return (byte[]) node;
	}

	/**
	 * The subtree {@code node}, at {@code depth} on the last {@link #descend}'s way down,
	 * with the leaf at the end of that way replaced by {@code leaf}; the result may be
	 * too full or too empty, which its parent mends.
	 */
	private Object rebuild(Object node, int depth, byte[] leaf) {
		if (!(node instanceof IndexBranch branch)) {
			return leaf;
		}
		int index = this.path[depth];
		Object child = branch.children[index];
		Object updated = rebuild(child, depth + 1, leaf);
		if (updated == child) {
			return branch;
		}
		if (tooFull(updated)) {
			byte[][] separator = new byte[1][];
			Object[] halves = split(updated, separator);
			return branch.split(index, halves[0], separator[0], halves[1]);
		}
		if (isEmpty(updated)) {
			return branch.without(index);
		}
		if (tooEmpty(updated)) {
			if (index + 1 < branch.size() && fitsMerged(updated, branch.children[index + 1])) {
				return branch.merge(index, merge(updated, branch.separators[index + 1], branch.children[index + 1]));
			}
			if (index > 0 && fitsMerged(branch.children[index - 1], updated)) {
				return branch.merge(index - 1, merge(branch.children[index - 1], branch.separators[index], updated));
			}
		}
		return branch.with(index, updated);
	}

	/** Splits or shrinks a new root until it is a root the tree can keep. */
	private Object normalRoot(Object root) {
		while (true) {
			if (tooFull(root)) {
				byte[][] separator = new byte[1][];
				Object[] halves = split(root, separator);
				root = new IndexBranch(new byte[][] { null, separator[0] }, halves);
			}
			else if (root instanceof IndexBranch branch && branch.size() <= 1) {
				root = (branch.size() == 0) ? IndexPage.EMPTY : branch.children[0];
			}
			else {
				return root;
			}
		}
	}

	private boolean tooFull(Object node) {
		if (node instanceof IndexBranch branch) {
			return branch.size() > this.branchChildren;
		}
		byte[] page = (byte[]) node;
		return page.length > this.pageBytes && IndexPage.count(page) > 1;
	}

	private static boolean isEmpty(Object node) {
		return (node instanceof IndexBranch branch) ? branch.size() == 0 : IndexPage.count((byte[]) node) == 0;
	}

	/** Below a quarter full: worth merging with a neighbour if the two fit in one. */
	private boolean tooEmpty(Object node) {
		if (node instanceof IndexBranch branch) {
			// At least a lone child, so that small branches (in tests) merge too.
			return branch.size() < Math.max(2, this.branchChildren / 4);
		}
		return ((byte[]) node).length < this.pageBytes / 4;
	}

	private boolean fitsMerged(Object left, Object right) {
		if (left instanceof IndexBranch leftBranch) {
			return leftBranch.size() + ((IndexBranch) right).size() <= this.branchChildren;
		}
		return IndexPage.HEADER + IndexPage.contentBytes((byte[]) left)
				+ IndexPage.contentBytes((byte[]) right) <= this.pageBytes;
	}

	private static Object merge(Object left, byte[] separator, Object right) {
		if (left instanceof IndexBranch leftBranch) {
			return leftBranch.concat(separator, (IndexBranch) right);
		}
		return IndexPage.concat((byte[]) left, (byte[]) right);
	}

	/** Two halves of a node; {@code separator[0]} receives the first key of the right. */
	private static Object[] split(Object node, byte[][] separator) {
		if (node instanceof IndexBranch branch) {
			int middle = branch.size() / 2;
			separator[0] = branch.separators[middle];
			return new Object[] { branch.slice(0, middle), branch.slice(middle, branch.size()) };
		}
		byte[] page = (byte[]) node;
		int middle = IndexPage.splitPoint(page);
		separator[0] = IndexPage.key(page, middle);
		return new Object[] { IndexPage.slice(page, 0, middle), IndexPage.slice(page, middle, IndexPage.count(page)) };
	}

	@Override
	public long size() {
		return this.size;
	}

	/** Builds the tree bottom-up, with full leaves: see {@link CompactIndexLoader}. */
	@Override
	public Loader bulkLoader() {
		if (this.size != 0) {
			throw new IllegalStateException("only an empty index can be loaded in bulk");
		}
		return new CompactIndexLoader(this, this.pageBytes, this.branchChildren);
	}

	/**
	 * Publishes a tree that a loader built, of {@code size} entries, in place of the
	 * empty one.
	 * @throws IllegalStateException if the index is no longer empty
	 */
	void publishLoaded(Object root, long size) {
		this.updateLock.lock();
		try {
			if (this.size != 0) {
				throw new IllegalStateException("the index was changed while it was loaded in bulk");
			}
			this.root = root;
			this.size = size;
		}
		finally {
			this.updateLock.unlock();
		}
	}

	/**
	 * See {@link KeyIndex#list}: the same page {@link dev.kvstore.engine.SortedKeys}
	 * would give, read from one snapshot of the tree.
	 */
	@Override
	public KeyPage list(byte[] prefix, byte[] after, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		byte[] start = (prefix != null) ? prefix : new byte[0];
		boolean afterStart = after != null && Arrays.compareUnsigned(after, start) >= 0;
		Listing listing = new Listing(start, afterStart ? after : start, afterStart, limit);
		listing.visit(this.root);
		return new KeyPage(listing.keys, listing.next);
	}

	/** One listing's walk over the leaves, from the first key past its start. */
	private static final class Listing {

		private final byte[] prefix;

		private final byte[] from;

		private final boolean exclusive;

		private final int limit;

		private final List<byte[]> keys;

		private byte[] next;

		Listing(byte[] prefix, byte[] from, boolean exclusive, int limit) {
			this.prefix = prefix;
			this.from = from;
			this.exclusive = exclusive;
			this.limit = limit;
			this.keys = new ArrayList<>(Math.min(limit, 1024));
		}

		/** Visits a subtree; returns {@code false} once the listing is complete. */
		boolean visit(Object node) {
			if (node instanceof IndexBranch branch) {
				for (int i = branch.childFor(this.from); i < branch.size(); i++) {
					if (!visit(branch.children[i])) {
						return false;
					}
				}
				return true;
			}
			byte[] page = (byte[]) node;
			int index = IndexPage.search(page, this.from);
			index = (index >= 0) ? (this.exclusive ? index + 1 : index) : -index - 1;
			for (; index < IndexPage.count(page); index++) {
				if (!IndexPage.startsWith(page, index, this.prefix)) {
					return false;
				}
				if (this.keys.size() == this.limit) {
					this.next = this.keys.get(this.keys.size() - 1).clone();
					return false;
				}
				this.keys.add(IndexPage.key(page, index));
			}
			return true;
		}

	}

	/**
	 * The heap of every page and branch, from one walk of the tree (its cost grows with
	 * the number of pages, about one per 30 keys, not with the keys), with compressed
	 * references and 8-byte alignment as on a 64-bit JVM under 32 GB of heap.
	 */
	@Override
	public long estimatedMemoryBytes() {
		return FIXED_BYTES + bytesOf(this.root);
	}

	private static long bytesOf(Object node) {
		if (node instanceof IndexBranch branch) {
			long bytes = branch.ownBytes();
			for (Object child : branch.children) {
				bytes += bytesOf(child);
			}
			return bytes;
		}
		return arrayBytes(((byte[]) node).length);
	}

	/** Heap of an array of {@code length} bytes of elements: a 16-byte header, padded. */
	static long arrayBytes(long length) {
		return (16 + length + 7) & ~7L;
	}

}
