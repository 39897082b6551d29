package dev.kvstore.engine.log;

/**
 * The contract with the smallest pages and branches, so that a few entries already make a
 * deep tree and every split and merge path runs.
 */
class CompactIndexTinyPagesTest extends KeyIndexContract {

	@Override
	protected KeyIndex newIndex() {
		return new CompactIndex(IndexPage.HEADER + 2 * IndexPage.SLOT, 4);
	}

}
