package dev.kvstore.engine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rules every key must satisfy, for every engine and every way in (CONTRACT.md §3): 1
 * to max bytes of valid UTF-8, no control character (U+0000 to U+001F, U+007F), and no
 * {@code .} or {@code ..} segment between slashes. Slashes themselves are allowed.
 */
public final class KeyRules {

	private KeyRules() {
	}

	/**
	 * Checks {@code key}.
	 * @param key the key's bytes
	 * @param maxKeyBytes the longest key allowed
	 * @throws InvalidKeyException naming the first rule the key breaks
	 */
	public static void check(byte[] key, int maxKeyBytes) {
		if (key == null || key.length == 0) {
			throw new InvalidKeyException("key must not be empty");
		}
		if (key.length > maxKeyBytes) {
			throw new InvalidKeyException("key is " + key.length + " bytes long, the limit is " + maxKeyBytes);
		}
		boolean ascii = true;
		for (int i = 0; i < key.length; i++) {
			int b = key[i] & 0xFF;
			if (b < 0x20 || b == 0x7F) {
				throw new InvalidKeyException(String.format("key has a control character (U+%04X) at byte %d", b, i));
			}
			ascii &= b < 0x80;
		}
		if (!ascii) {
			checkUtf8(key);
		}
		checkSegments(key);
	}

	private static void checkUtf8(byte[] key) {
		// Bytes 0x80 and above never encode a control character in UTF-8 (U+0080 to
		// U+009F are not in the rules), so only the encoding itself is left to check.
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try {
			decoder.decode(ByteBuffer.wrap(key));
		}
		catch (CharacterCodingException ex) {
			throw new InvalidKeyException("key is not valid UTF-8");
		}
	}

	private static void checkSegments(byte[] key) {
		int start = 0;
		for (int i = 0; i <= key.length; i++) {
			if (i == key.length || key[i] == '/') {
				int length = i - start;
				if ((length == 1 && key[start] == '.') || (length == 2 && key[start] == '.' && key[start + 1] == '.')) {
					throw new InvalidKeyException("key must not have a '.' or '..' segment");
				}
				start = i + 1;
			}
		}
	}

}
