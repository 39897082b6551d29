package dev.kvstore.e2e;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The value a PUT writes is a function of its op id and size, so a value read back names
 * the op that wrote it and can be checked byte for byte: {@code "op<id>;"} then
 * pseudo-random bytes seeded by the id.
 */
final class Values {

	private Values() {
	}

	static byte[] of(long opId, int size) {
		byte[] header = ("op" + opId + ";").getBytes(StandardCharsets.US_ASCII);
		byte[] value = new byte[Math.max(size, header.length)];
		System.arraycopy(header, 0, value, 0, header.length);
		SplittableRandom random = new SplittableRandom(opId);
		for (int i = header.length; i < value.length; i++) {
			value[i] = (byte) random.nextInt(256);
		}
		return value;
	}

	/** The op id a value names, or -1 if it names none. */
	static long opIdOf(byte[] value) {
		String text = new String(value, 0, Math.min(value.length, 24), StandardCharsets.US_ASCII);
		int end = text.indexOf(';');
		if (!text.startsWith("op") || end < 3) {
			return -1;
		}
		try {
			return Long.parseLong(text.substring(2, end));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
