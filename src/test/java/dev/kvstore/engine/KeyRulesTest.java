package dev.kvstore.engine;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyRulesTest {

	private static void valid(byte[] key) {
		assertThatCode(() -> KeyRules.check(key, 1024)).doesNotThrowAnyException();
	}

	private static void invalid(byte[] key, String reason) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> KeyRules.check(key, 1024))
			.withMessageContaining(reason);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void emptyKeyIsRejected() {
		invalid(new byte[0], "empty");
		invalid(null, "empty");
	}

	@Test
	void keyOfExactlyTheLimitIsAllowedAndOneMoreByteIsNot() {
		assertThatCode(() -> KeyRules.check(bytes("abcd"), 4)).doesNotThrowAnyException();
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> KeyRules.check(bytes("abcde"), 4))
			.withMessageContaining("limit is 4");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x7F })
	void controlCharactersAreRejected(int control) {
		invalid(new byte[] { 'a', (byte) control, 'b' }, "control character");
	}

	@Test
	void controlCharacterBoundariesAreAllowed() {
		valid(new byte[] { 0x20 });
		valid(new byte[] { 'a', 0x7E });
		valid(bytes("a\u0080b"));
	}

	@Test
	void invalidUtf8IsRejected() {
		invalid(new byte[] { (byte) 0x80 }, "UTF-8");
		invalid(new byte[] { 'a', (byte) 0xC3 }, "UTF-8");
		invalid(new byte[] { (byte) 0xC0, (byte) 0xAF }, "UTF-8");
		invalid(new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF }, "UTF-8");
		invalid(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, "UTF-8");
		invalid(new byte[] { (byte) 0xED, (byte) 0xBF, (byte) 0xBF }, "UTF-8");
		invalid(new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, "UTF-8");
		invalid(new byte[] { (byte) 0xFF }, "UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { ".", "..", "./a", "../a", "a/./b", "a/../b", "a/.", "a/..", "/.", "a//../b" })
	void dotAndDotDotSegmentsAreRejected(String key) {
		invalid(bytes(key), "segment");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "a/b", "..a", "a..", "a.", ".a", "...", "a/.../b", "/a", "a/", "//", "\u00e9t\u00e9",
			"\u4e2d\u6587", "\uD83D\uDE00", "a\\..\\b", "%2e%2e" })
	void everythingElseIsAllowed(String key) {
		valid(bytes(key));
	}

}
