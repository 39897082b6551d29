package dev.kvstore.engine.log;

/**
 * What a hint file says about one record of its segment: all recovery needs, without the
 * value.
 *
 * @param sequence the record's sequence number
 * @param offset where the record starts in the segment
 * @param valueLength the record's value length
 * @param key the record's key
 * @param tombstone whether the record is a tombstone
 */
record HintEntry(long sequence, long offset, int valueLength, byte[] key, boolean tombstone) {

	int recordSize() {
		return (int) LogFormat.recordSize(this.key.length, this.valueLength);
	}

}
