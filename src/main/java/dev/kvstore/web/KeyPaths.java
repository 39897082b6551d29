package dev.kvstore.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import dev.kvstore.engine.InvalidKeyException;

/**
 * Turns the path of a {@code /keys/...} request into the key's bytes, and a key back into
 * a path. The key is taken from the raw request URI and percent-decoded here, once, into
 * bytes: invalid UTF-8 is then caught by the key rules instead of being replaced by the
 * servlet container, and an encoded {@code %2F} means the same as {@code /}.
 */
final class KeyPaths {

	static final String PREFIX = "/keys/";

	private KeyPaths() {
	}

	/**
	 * The key of a request to {@code /keys/{key}}.
	 * @throws InvalidKeyException if the percent-encoding is malformed
	 */
	static byte[] keyOf(HttpServletRequest request) {
		String uri = request.getRequestURI();
		int start = request.getContextPath().length() + PREFIX.length();
		if (uri.length() < start) {
			return new byte[0];
		}
		return percentDecode(uri.substring(start));
	}

	static byte[] percentDecode(String raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length()) {
					throw new InvalidKeyException("key has a malformed percent-encoding");
				}
				int high = Character.digit(raw.charAt(i + 1), 16);
				int low = Character.digit(raw.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					throw new InvalidKeyException("key has a malformed percent-encoding");
				}
				out.write((high << 4) | low);
				i += 2;
			}
			else if (c < 0x80) {
				out.write(c);
			}
			else {
				// not expected in a raw URI, but encode it as the UTF-8 it stands for
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				out.write(encoded, 0, encoded.length);
			}
		}
		return out.toByteArray();
	}

	/** The path of a key's resource, percent-encoding every byte that needs it. */
	static String pathOf(byte[] key) {
		StringBuilder path = new StringBuilder(PREFIX.length() + key.length * 3).append(PREFIX);
		for (byte b : key) {
			int c = b & 0xFF;
			if (isUnreserved(c) || c == '/') {
				path.append((char) c);
			}
			else {
				path.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return path.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
