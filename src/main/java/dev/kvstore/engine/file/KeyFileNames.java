package dev.kvstore.engine.file;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds and parses every file name of the file engine's directory.
 *
 * <p>
 * A key's file is named {@code "k" + escape(key)} when that fits {@link #MAX_ESCAPED}
 * characters, else {@code "h" + sha256hex(key)}. The escape keeps the bytes
 * {@code [a-z0-9_-]} and writes every other byte as {@code %} and two lowercase hex
 * digits. So a name:
 * <ul>
 * <li>is pure ASCII (no Unicode normalization by the file system can touch it),</li>
 * <li>holds no {@code /}, {@code \}, {@code .} or any character a file system treats
 * specially, so it can never escape the directory, nor be a reserved Windows name,</li>
 * <li>has no uppercase letter, so two keys never share a file on a case-insensitive file
 * system,</li>
 * <li>is at most 201 bytes long, below NAME_MAX (255) for every key up to
 * {@code EngineLimits.KEY_BYTES_CEILING}.</li>
 * </ul>
 * A "k" name decodes back to its key; an "h" name does not, so the key is also kept
 * inside every value file. The engine's other files start with other characters: temp
 * files with {@code .tmp-}, the generation file is {@value #GENERATION}, the lock file
 * {@value #LOCK}.
 */
final class KeyFileNames {

	/** Longest escaped key kept readable; longer keys are hashed. */
	static final int MAX_ESCAPED = 200;

	/** Prefix of names that hold an escaped key. */
	static final char ESCAPED = 'k';

	/** Prefix of names that hold the SHA-256 of a key. */
	static final char HASHED = 'h';

	/** Prefix of files being written; any left at startup are from a crash. */
	static final String TEMP_PREFIX = ".tmp-";

	/** The file holding the engine's durable generation counter. */
	static final String GENERATION = "GENERATION";

	/** The lock file that keeps a second process out of the directory. */
	static final String LOCK = "LOCK";

	private static final HexFormat HEX = HexFormat.of();

	private KeyFileNames() {
	}

	/** The file name for {@code key}, a valid key. */
	static String nameOf(byte[] key) {
		StringBuilder name = new StringBuilder(Math.min(MAX_ESCAPED + 1, key.length * 3 + 1)).append(ESCAPED);
		for (byte b : key) {
			int c = b & 0xFF;
			if (isKept(c)) {
				name.append((char) c);
			}
			else {
				name.append('%').append(HEX.toHexDigits((byte) c));
			}
			if (name.length() > MAX_ESCAPED + 1) {
				// Too long to keep readable (up to 3 characters a byte): hashing bounds
				// the name for keys up to the 64 KiB ceiling.
				return hashedName(key);
			}
		}
		return name.toString();
	}

	/** Whether {@code name} is a value file's name (escaped or hashed). */
	static boolean isValueFile(String name) {
		return isEscaped(name) || isHashed(name);
	}

	/** Whether {@code name} is a hashed name, whose key must be read from the file. */
	static boolean isHashed(String name) {
		if (name.length() != 65 || name.charAt(0) != HASHED) {
			return false;
		}
		for (int i = 1; i < name.length(); i++) {
			if (!isLowerHex(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** Whether {@code name} is an escaped name that decodes to a key. */
	static boolean isEscaped(String name) {
		return decode(name) != null;
	}

	/**
	 * The key of an escaped name, or {@code null} if {@code name} is not exactly the name
	 * {@link #nameOf(byte[])} gives some key (a foreign file, or a hashed name).
	 */
	static byte[] decode(String name) {
		if (name.length() < 2 || name.length() > MAX_ESCAPED + 1 || name.charAt(0) != ESCAPED) {
			return null;
		}
		ByteArrayOutputStream key = new ByteArrayOutputStream(name.length());
		for (int i = 1; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '%' && i + 2 < name.length() && isLowerHex(name.charAt(i + 1)) && isLowerHex(name.charAt(i + 2))) {
				int b = HEX.fromHexDigits(name, i + 1, i + 3);
				if (isKept(b)) {
					// Not canonical: nameOf would have kept this byte as it is.
					return null;
				}
				key.write(b);
				i += 2;
			}
			else if (c < 0x80 && isKept(c)) {
				key.write(c);
			}
			else {
				return null;
			}
		}
		return key.toByteArray();
	}

	/** A temp file name, unique for {@code generation} and {@code sequence}. */
	static String tempName(long generation, long sequence) {
		return TEMP_PREFIX + generation + "-" + sequence;
	}

	/** Whether {@code name} is a temp file's name. */
	static boolean isTemp(String name) {
		return name.startsWith(TEMP_PREFIX);
	}

	private static String hashedName(byte[] key) {
		return HASHED + HEX.formatHex(sha256(key));
	}

	private static byte[] sha256(byte[] key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key);
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform must provide SHA-256.
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isKept(int c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

	private static boolean isLowerHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
	}

}
