package dev.kvstore.engine.file;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.InvalidKeyException;
import dev.kvstore.engine.KeyRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds pairs of arbitrary keys to the file engine's naming: every valid key gets a name
 * that stays inside the directory (ASCII, no separator, not {@code .} or {@code ..}, at
 * most 255 bytes, none of the engine's own files), an escaped name decodes back to its
 * key, and two different keys never get names that are equal ignoring case.
 * {@code ./mvnw verify} fuzzes it briefly (the {@code fuzz-key-file-names} execution in
 * pom.xml).
 */
class KeyFileNamesFuzzTest {

	@FuzzTest(maxDuration = "15s")
	void namesStayInsideTheDirectoryAndNeverCollide(FuzzedDataProvider data) {
		byte[] first = data.consumeBytes(data.consumeInt(0, data.remainingBytes()));
		byte[] second = data.consumeRemainingAsBytes();
		String firstName = checkedName(first);
		String secondName = checkedName(second);
		if (firstName != null && secondName != null && !java.util.Arrays.equals(first, second)) {
			assertThat(firstName).isNotEqualToIgnoringCase(secondName);
		}
	}

	/** The name of {@code key} after checking it, or {@code null} for an invalid key. */
	private static String checkedName(byte[] key) {
		try {
			KeyRules.check(key, EngineLimits.KEY_BYTES_CEILING);
		}
		catch (InvalidKeyException ex) {
			return null;
		}
		String name = KeyFileNames.nameOf(key);
		assertThat(name).isNotIn(".", "..", KeyFileNames.LOCK, KeyFileNames.GENERATION)
			.doesNotContain("/", "\\", "\0")
			.matches("[\\x21-\\x7e]+");
		assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
		assertThat(KeyFileNames.isTemp(name)).isFalse();
		assertThat(KeyFileNames.isValueFile(name)).isTrue();
		if (name.charAt(0) == KeyFileNames.ESCAPED) {
			assertThat(KeyFileNames.decode(name)).isEqualTo(key);
		}
		else {
			assertThat(KeyFileNames.isHashed(name)).isTrue();
		}
		return name;
	}

}
