package dev.kvstore.cli;

import java.util.function.Consumer;

/**
 * Pages through the keys with a prefix, following the service's cursor, so that callers
 * see one stream of keys however many pages it takes.
 */
final class KeyLister {

	/** The most keys the service returns in one page. */
	static final int MAX_PAGE_SIZE = 1000;

	private final KvClient client;

	KeyLister(KvClient client) {
		this.client = client;
	}

	/**
	 * Hands each key with the prefix to the consumer, in ascending UTF-8 byte order.
	 * @param prefix the prefix, empty for all keys
	 * @param pageSize keys per request, 1 to {@link #MAX_PAGE_SIZE}
	 * @param max the most keys to hand over, or a negative number for all
	 * @return how many keys were handed over
	 */
	long forEach(String prefix, int pageSize, long max, Consumer<String> consumer) {
		long count = 0;
		String cursor = null;
		do {
			int limit = (max < 0) ? pageSize : (int) Math.min(pageSize, max - count);
			if (limit == 0) {
				break;
			}
			KvClient.KeyPage page = this.client.list(prefix, limit, cursor);
			for (String key : page.keys()) {
				consumer.accept(key);
				count++;
			}
			cursor = page.next();
		}
		while (cursor != null);
		return count;
	}

}
