package dev.kvstore.engine;

/**
 * The outcome of a successful put.
 *
 * @param version the version the value was stored with
 * @param created {@code true} if the key was absent before the put
 */
public record WriteResult(long version, boolean created) {

}
