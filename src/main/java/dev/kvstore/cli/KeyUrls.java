package dev.kvstore.cli;

import java.nio.charset.StandardCharsets;

/**
 * Builds the paths and query strings of requests. Every UTF-8 byte of a key is
 * percent-encoded except unreserved characters and {@code /}, which the service reads as
 * part of the key; so spaces, {@code %}, {@code ?}, {@code #} and non-ASCII characters
 * reach it as they were typed.
 */
final class KeyUrls {

	private KeyUrls() {
	}

	/**
	 * The path of a key's resource, such as {@code /keys/users/42}.
	 * @throws CliFailure if the key is empty, which no URL can name
	 */
	static String keyPath(String key) {
		if (key.isEmpty()) {
			throw CliFailure.usage("a key must not be empty");
		}
		return "/keys/" + encode(key, true);
	}

	/** A query parameter's value, with {@code /} encoded too. */
	static String queryValue(String value) {
		return encode(value, false);
	}

	private static String encode(String text, boolean keepSlash) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length * 3);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (isUnreserved(c) || (keepSlash && c == '/')) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
