package dev.kvstore.engine.log;

/**
 * Where the newest record of a key is.
 *
 * @param segmentId the segment holding it
 * @param offset where the record starts in the segment
 * @param size the record's size in bytes
 * @param sequence the record's sequence number: the value's version
 */
record IndexEntry(long segmentId, long offset, int size, long sequence) {

}
