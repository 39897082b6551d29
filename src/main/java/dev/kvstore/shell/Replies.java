package dev.kvstore.shell;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

import dev.kvstore.engine.CompactionInProgressException;
import dev.kvstore.engine.InvalidKeyException;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.ValueTooLargeException;

/**
 * Turns what the engine says into lines for a person at the prompt. Every command runs
 * through {@link #of(Supplier)} so that a bad key, a value too large or a storage error
 * is one readable line and the shell keeps going; left alone, Spring Shell would print
 * only the root cause's message after "Unable to run command".
 */
final class Replies {

	private Replies() {
	}

	/** Runs {@code command}; its reply, or what went wrong as a sentence. */
	static String of(Supplier<String> command) {
		try {
			return command.get();
		}
		catch (InvalidKeyException ex) {
			return "invalid key: " + ex.getMessage();
		}
		catch (ValueTooLargeException ex) {
			return "value too large: " + ex.getMessage();
		}
		catch (CompactionInProgressException ex) {
			return "a compaction is already running; try again when it has finished";
		}
		catch (StorageException ex) {
			return "storage error: " + ex.getMessage();
		}
		catch (IllegalStateException ex) {
			return "the engine is not available: " + ex.getMessage();
		}
	}

	/** The key as the engine takes it: keys and values are UTF-8 text in the shell. */
	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A stored value as text. A value written over HTTP need not be UTF-8: then say so
	 * rather than print replacement characters as if they were the value.
	 */
	static String text(byte[] value) {
		if (value.length == 0) {
			return "(empty value)";
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return "(" + value.length + " bytes that are not UTF-8 text)";
		}
	}

	/** A byte count, with a binary unit once it is large enough to need one. */
	static String bytes(long count) {
		if (count < 1024) {
			return count + " bytes";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB" };
		double scaled = count;
		int unit = -1;
		while (scaled >= 1024 && unit < units.length - 1) {
			scaled /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%d bytes (%.1f %s)", count, scaled, units[unit]);
	}

	/** A key quoted for a message. */
	static String quoted(String key) {
		return "'" + key + "'";
	}

}
