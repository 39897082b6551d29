package dev.kvstore.engine;

/**
 * A stored value and its version.
 *
 * @param value the value's bytes, owned by the caller
 * @param version the version of this value, see {@link StorageEngine}
 */
public record VersionedValue(byte[] value, long version) {

}
