package dev.kvstore.engine.file;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.InvalidKeyException;
import dev.kvstore.engine.KeyRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFileNamesTest {

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String nameOf(String key) {
		return KeyFileNames.nameOf(bytes(key));
	}

	@Test
	void lowercaseLettersDigitsDashAndUnderscoreAreKept() {
		assertThat(nameOf("abc-09_z")).isEqualTo("kabc-09_z");
	}

	@Test
	void everyOtherByteIsEscapedInLowercaseHex() {
		assertThat(nameOf("Key")).isEqualTo("k%4bey");
		assertThat(nameOf("a/b")).isEqualTo("ka%2fb");
		assertThat(nameOf("..x")).isEqualTo("k%2e%2ex");
		assertThat(nameOf("%")).isEqualTo("k%25");
		assertThat(nameOf("\u00e9")).isEqualTo("k%c3%a9");
	}

	@Test
	void escapedNamesDecodeBackToTheirKey() {
		for (String key : new String[] { "Key", "a/b", "..x", "%25", "\u00e9t\u00e9", "CON", "a b" }) {
			assertThat(KeyFileNames.decode(nameOf(key))).as(key).isEqualTo(bytes(key));
		}
	}

	@Test
	void namesThatNameOfNeverGivesDoNotDecode() {
		assertThat(KeyFileNames.decode("kA")).isNull();
		assertThat(KeyFileNames.decode("k%61")).as("escaped kept byte").isNull();
		assertThat(KeyFileNames.decode("k%4B")).as("uppercase hex").isNull();
		assertThat(KeyFileNames.decode("k%4")).as("cut escape").isNull();
		assertThat(KeyFileNames.decode("k")).as("empty key").isNull();
		assertThat(KeyFileNames.decode("GENERATION")).isNull();
		assertThat(KeyFileNames.decode(".tmp-1-1")).isNull();
		assertThat(KeyFileNames.isValueFile(KeyFileNames.GENERATION)).isFalse();
		assertThat(KeyFileNames.isValueFile(KeyFileNames.tempName(1, 2))).isFalse();
	}

	@Test
	void escapedNameOfExactlyTheMaximumIsKeptAndOneMoreIsHashed() {
		String fits = "a".repeat(KeyFileNames.MAX_ESCAPED);
		assertThat(nameOf(fits)).isEqualTo("k" + fits);
		assertThat(nameOf(fits + "a")).startsWith("h").hasSize(65);
		assertThat(nameOf("a".repeat(KeyFileNames.MAX_ESCAPED - 2) + "A")).startsWith("h");
		assertThat(nameOf("a".repeat(KeyFileNames.MAX_ESCAPED - 3) + "A")).startsWith("k");
	}

	@Test
	void hashedNamesAreRecognizedButDoNotDecode() {
		String name = nameOf("\u00e9".repeat(EngineLimits.KEY_BYTES_CEILING / 2));
		assertThat(KeyFileNames.isHashed(name)).isTrue();
		assertThat(KeyFileNames.isValueFile(name)).isTrue();
		assertThat(KeyFileNames.decode(name)).isNull();
		assertThat(KeyFileNames.isHashed("h" + "A".repeat(64))).isFalse();
	}

	@Property(tries = 300)
	void everyNameIsShortPlainAsciiAndInsideTheDirectory(@ForAll("keys") String key) {
		String name = nameOf(key);
		assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
		assertThat(name).isASCII().doesNotContain("/", "\\").isNotIn(".", "..").doesNotStartWith(".");
		assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT));
		if (name.startsWith("k")) {
			assertThat(KeyFileNames.decode(name)).isEqualTo(bytes(key));
		}
		else {
			assertThat(KeyFileNames.isHashed(name)).isTrue();
		}
	}

	@Property(tries = 300)
	void distinctKeysGetNamesThatDifferEvenIgnoringCase(@ForAll("keys") String a, @ForAll("keys") String b) {
		Assume.that(!a.equals(b));
		assertThat(nameOf(a).toLowerCase(Locale.ROOT)).isNotEqualTo(nameOf(b).toLowerCase(Locale.ROOT));
	}

	@Property(tries = 300)
	void keysThatDifferOnlyInCaseGetDifferentNames(@ForAll("keys") String key) {
		String upper = key.toUpperCase(Locale.ROOT);
		Assume.that(!upper.equals(key) && isValid(upper));
		assertThat(nameOf(key).toLowerCase(Locale.ROOT)).isNotEqualTo(nameOf(upper).toLowerCase(Locale.ROOT));
	}

	@Provide
	Arbitrary<String> keys() {
		Arbitrary<String> shortKeys = Arbitraries.strings()
			.withChars("aAzZ09./\\%-_ :")
			.withCharRange('\u0080', '\u07ff')
			.withCharRange('\u4e00', '\u4e20')
			.ofMinLength(1)
			.ofMaxLength(90);
		Arbitrary<String> longKeys = Arbitraries.strings()
			.withChars("ab/\u00e9\u4e00")
			.ofMinLength(60)
			.ofMaxLength(20_000);
		return Arbitraries.oneOf(shortKeys, shortKeys, longKeys).filter(KeyFileNamesTest::isValid);
	}

	private static boolean isValid(String key) {
		try {
			KeyRules.check(bytes(key), EngineLimits.KEY_BYTES_CEILING);
			return true;
		}
		catch (InvalidKeyException ex) {
			return false;
		}
	}

}
