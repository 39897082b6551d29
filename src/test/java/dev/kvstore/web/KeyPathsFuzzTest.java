package dev.kvstore.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.InvalidKeyException;
import dev.kvstore.engine.KeyRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds arbitrary strings to the percent-decoding of key paths, which may throw only
 * {@link InvalidKeyException}, and arbitrary valid keys to {@code pathOf}, whose path
 * decodes back to the same key. {@code ./mvnw verify} fuzzes it briefly (the
 * {@code fuzz-key-paths} execution in pom.xml).
 */
class KeyPathsFuzzTest {

	@FuzzTest(maxDuration = "15s")
	void pathsDecodeCleanlyAndRoundTrip(FuzzedDataProvider data) {
		String raw = data.consumeString(1000);
		try {
			KeyPaths.percentDecode(raw);
		}
		catch (InvalidKeyException ex) {
			assertThat(ex.getMessage()).contains("percent-encoding");
		}
		byte[] key = data.consumeRemainingAsBytes();
		try {
			KeyRules.check(key, EngineLimits.KEY_BYTES_CEILING);
		}
		catch (InvalidKeyException ex) {
			return;
		}
		String path = KeyPaths.pathOf(key);
		assertThat(path).startsWith(KeyPaths.PREFIX).matches("[A-Za-z0-9\\-._~/%]+");
		assertThat(KeyPaths.percentDecode(path.substring(KeyPaths.PREFIX.length()))).isEqualTo(key);
	}

}
