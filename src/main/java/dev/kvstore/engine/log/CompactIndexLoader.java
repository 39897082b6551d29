package dev.kvstore.engine.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the tree of a {@link CompactIndex} bottom-up from entries in strictly ascending
 * key order, then publishes it: one page built per page, where puts build a page per
 * entry and split pages half full.
 *
 * <p>
 * Leaves are packed full: a page is closed when the next entry would take it past the
 * index's page size, so no page is ever too full to keep, and a page holds at least one
 * entry however long its key. Then each level of branches is built over the one below, at
 * most the index's branch size of children each, spread evenly so that no branch is small
 * enough to be merged, until one node is left: the root. The tree has the shape puts
 * could have made, so later puts, removes and replaces split and merge its nodes as any
 * others.
 */
final class CompactIndexLoader implements KeyIndex.Loader {

	private final CompactIndex index;

	private final int pageBytes;

	private final int branchChildren;

	private final IndexPage.Packer packer = new IndexPage.Packer();

	private final List<Object> leaves = new ArrayList<>();

	/** The first key of each leaf: the separator in front of it in its parent. */
	private final List<byte[]> leafKeys = new ArrayList<>();

	/** A copy of the key added last, to check the order, in a buffer reused. */
	private byte[] previous = new byte[64];

	private int previousLength = -1;

	private long size;

	private boolean finished;

	CompactIndexLoader(CompactIndex index, int pageBytes, int branchChildren) {
		this.index = index;
		this.pageBytes = pageBytes;
		this.branchChildren = branchChildren;
	}

	@Override
	public void add(byte[] source, int from, int to, IndexEntry entry) {
		checkNotFinished();
		IndexPage.check(entry);
		if (this.previousLength >= 0
				&& Arrays.compareUnsigned(this.previous, 0, this.previousLength, source, from, to) >= 0) {
			throw new IllegalStateException("keys must be loaded in strictly ascending order");
		}
		int length = to - from;
		if (this.packer.count() > 0 && this.packer.bytesWith(length) > this.pageBytes) {
			closeLeaf();
		}
		this.packer.add(source, from, to, entry);
		if (this.previous.length < length) {
			this.previous = new byte[Math.max(length, 2 * this.previous.length)];
		}
		System.arraycopy(source, from, this.previous, 0, length);
		this.previousLength = length;
		this.size++;
	}

	private void closeLeaf() {
		byte[] page = this.packer.take();
		this.leaves.add(page);
		this.leafKeys.add(IndexPage.key(page, 0));
	}

	@Override
	public void finish() {
		checkNotFinished();
		this.finished = true;
		if (this.packer.count() > 0) {
			closeLeaf();
		}
		List<Object> level = this.leaves;
		List<byte[]> firstKeys = this.leafKeys;
		while (level.size() > 1) {
			List<byte[]> parentKeys = new ArrayList<>();
			level = branchesOver(level, firstKeys, parentKeys);
			firstKeys = parentKeys;
		}
		this.index.publishLoaded(level.isEmpty() ? IndexPage.EMPTY : level.get(0), this.size);
	}

	/**
	 * The level of branches over {@code nodes}: as few as the branch size allows, their
	 * children shared out evenly (their counts differ by one at most, and are above half
	 * the branch size whenever there are two branches or more).
	 * @param firstKeys the first key of each node
	 * @param parentKeys receives the first key of each branch
	 */
	private List<Object> branchesOver(List<Object> nodes, List<byte[]> firstKeys, List<byte[]> parentKeys) {
		int n = nodes.size();
		int branches = (n + this.branchChildren - 1) / this.branchChildren;
		List<Object> parents = new ArrayList<>(branches);
		int start = 0;
		for (int made = 0; made < branches; made++) {
			int end = start + (n - start) / (branches - made);
			int children = end - start;
			byte[][] separators = new byte[children][];
			for (int i = 1; i < children; i++) {
				separators[i] = firstKeys.get(start + i);
			}
			parents.add(new IndexBranch(separators, nodes.subList(start, end).toArray()));
			parentKeys.add(firstKeys.get(start));
			start = end;
		}
		return parents;
	}

	private void checkNotFinished() {
		if (this.finished) {
			throw new IllegalStateException("the loader is finished");
		}
	}

}
