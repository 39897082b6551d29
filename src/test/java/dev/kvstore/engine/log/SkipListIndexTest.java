package dev.kvstore.engine.log;

class SkipListIndexTest extends KeyIndexContract {

	@Override
	protected KeyIndex newIndex() {
		return new SkipListIndex();
	}

}
