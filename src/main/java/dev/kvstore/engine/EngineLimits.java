package dev.kvstore.engine;

/**
 * The size limits every engine enforces.
 *
 * @param maxKeyBytes the longest key, in bytes
 * @param maxValueBytes the largest value, in bytes
 */
public record EngineLimits(int maxKeyBytes, int maxValueBytes) {

	/** The defaults of {@code kv.max-key-bytes} and {@code kv.max-value-bytes}. */
	public static final EngineLimits DEFAULTS = new EngineLimits(1024, 16 * 1024 * 1024);

	/**
	 * The largest key any engine accepts: the on-disk formats store key lengths that fit
	 * here and file names must stay short.
	 */
	public static final int KEY_BYTES_CEILING = 64 * 1024;

	/** The largest value any engine accepts, so that one value fits a Java array. */
	public static final int VALUE_BYTES_CEILING = 1024 * 1024 * 1024;

	public EngineLimits {
		if (maxKeyBytes < 1 || maxKeyBytes > KEY_BYTES_CEILING) {
			throw new IllegalArgumentException(
					"max key bytes must be between 1 and " + KEY_BYTES_CEILING + ", was " + maxKeyBytes);
		}
		if (maxValueBytes < 0 || maxValueBytes > VALUE_BYTES_CEILING) {
			throw new IllegalArgumentException(
					"max value bytes must be between 0 and " + VALUE_BYTES_CEILING + ", was " + maxValueBytes);
		}
	}

	/**
	 * Checks a key against {@link KeyRules} and the key limit.
	 * @throws InvalidKeyException naming the rule broken
	 */
	public void checkKey(byte[] key) {
		KeyRules.check(key, this.maxKeyBytes);
	}

	/**
	 * Checks a value against the value limit.
	 * @throws ValueTooLargeException if it is too long
	 */
	public void checkValue(byte[] value) {
		if (value.length > this.maxValueBytes) {
			throw new ValueTooLargeException(value.length, this.maxValueBytes);
		}
	}

}
