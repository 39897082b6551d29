package dev.kvstore.engine.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.kvstore.engine.KeyPage;

/**
 * Lists the keys of a file engine's directory: reads every file name, decodes the key (or
 * reads it from the file for hashed names), filters and sorts. One directory read per
 * page: the baseline engine keeps no index, so a listing costs O(keys).
 */
final class KeyListing {

	private final ValueFiles files;

	KeyListing(ValueFiles files) {
		this.files = files;
	}

	/** The page of keys after {@code after} that start with {@code prefix}. */
	KeyPage page(byte[] prefix, byte[] after, int limit) throws IOException {
		List<byte[]> found = new ArrayList<>();
		for (String name : this.files.valueFileNames()) {
			byte[] key = keyOf(name);
			if (key != null && startsWith(key, prefix) && (after == null || Arrays.compareUnsigned(key, after) > 0)) {
				found.add(key);
			}
		}
		found.sort(Arrays::compareUnsigned);
		if (found.size() <= limit) {
			return new KeyPage(found, null);
		}
		List<byte[]> page = new ArrayList<>(found.subList(0, limit));
		return new KeyPage(page, page.get(limit - 1).clone());
	}

	private byte[] keyOf(String name) throws IOException {
		byte[] key = KeyFileNames.decode(name);
		if (key != null) {
			return key;
		}
		// A hashed name: the key is only in the file (null if it was deleted meanwhile).
		ValueFiles.Stored stored = this.files.read(name, null, false);
		return (stored != null) ? stored.key() : null;
	}

	private static boolean startsWith(byte[] key, byte[] prefix) {
		return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
	}

}
