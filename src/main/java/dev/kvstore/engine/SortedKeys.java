package dev.kvstore.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;

/**
 * Listing pages of keys from a map sorted by unsigned bytes, shared by the engines that
 * keep one (the memory engine, the log engine's index).
 */
public final class SortedKeys {

	private SortedKeys() {
	}

	/**
	 * A page as {@link StorageEngine#list(byte[], byte[], int)} defines it. Keys with a
	 * prefix are contiguous in byte order, so the first key without it ends the listing.
	 * @param map keys in ascending unsigned byte order
	 */
	public static KeyPage page(NavigableMap<byte[], ?> map, byte[] prefix, byte[] after, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		byte[] start = (prefix != null) ? prefix : new byte[0];
		NavigableMap<byte[], ?> tail = (after != null && Arrays.compareUnsigned(after, start) >= 0)
				? map.tailMap(after, false) : map.tailMap(start, true);
		List<byte[]> keys = new ArrayList<>(Math.min(limit, 1024));
		for (byte[] key : tail.keySet()) {
			if (!startsWith(key, start)) {
				break;
			}
			if (keys.size() == limit) {
				return new KeyPage(keys, keys.get(keys.size() - 1).clone());
			}
			keys.add(key.clone());
		}
		return new KeyPage(keys, null);
	}

	/** Whether {@code key} starts with {@code prefix}. */
	public static boolean startsWith(byte[] key, byte[] prefix) {
		return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
	}

}
