package dev.kvstore.engine;

import java.util.List;

/**
 * One page of a key listing.
 *
 * @param keys the keys, in ascending unsigned byte order
 * @param next the key to list after for the next page, or {@code null} if this is the
 * last page
 */
public record KeyPage(List<byte[]> keys, byte[] next) {

}
