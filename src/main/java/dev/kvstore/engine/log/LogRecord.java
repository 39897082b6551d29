package dev.kvstore.engine.log;

/**
 * One decoded record.
 *
 * @param sequence its sequence number
 * @param key the key
 * @param value the value (empty for a tombstone, and when decoded without values)
 * @param tombstone whether the record deletes the key
 */
record LogRecord(long sequence, byte[] key, byte[] value, boolean tombstone) {

}
