package dev.kvstore.engine.log;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IndexBranch#childFor} searches eight-byte heads taken after the prefix its
 * separators share; it must pick the child a plain comparison of whole keys picks. Keys
 * here share long prefixes, end in zero bytes, are prefixes of each other and run shorter
 * or longer than the shared prefix: where heads tie or mislead if done wrong.
 */
class IndexBranchProperties {

	@Property(tries = 1000)
	void childForPicksTheChildAWholeKeyComparisonPicks(@ForAll("separators") List<byte[]> separators,
			@ForAll("keys") List<byte[]> keys) {
		TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
		sorted.addAll(separators);
		byte[][] bounds = new byte[sorted.size() + 1][];
		int i = 1;
		for (byte[] separator : sorted) {
			bounds[i++] = separator;
		}
		IndexBranch branch = new IndexBranch(bounds, new Object[bounds.length]);
		for (byte[] key : keys) {
			assertThat(branch.childFor(key)).as("child of %s", Arrays.toString(key))
				.isEqualTo(linearChildFor(bounds, key));
		}
		for (byte[] separator : sorted) {
			assertThat(branch.childFor(separator)).isEqualTo(linearChildFor(bounds, separator));
		}
	}

	/** The last child whose lower bound is at or below the key. */
	private static int linearChildFor(byte[][] bounds, byte[] key) {
		int child = 0;
		for (int i = 1; i < bounds.length; i++) {
			if (Arrays.compareUnsigned(bounds[i], key) <= 0) {
				child = i;
			}
		}
		return child;
	}

	@Provide
	Arbitrary<List<byte[]>> separators() {
		return keys().filter((list) -> !list.isEmpty());
	}

	@Provide
	Arbitrary<List<byte[]>> keys() {
		// A prefix of 0 to 12 bytes, shared by the keys of a list, then a tail of 0 to
		// 10 bytes from a small alphabet rich in zeros and extremes.
		Arbitrary<byte[]> prefixes = Arbitraries.of((byte) 'k', (byte) 0x00).array(byte[].class).ofMaxSize(12);
		Arbitrary<byte[]> tails = Arbitraries
			.of((byte) 0x00, (byte) 0x01, (byte) 'a', (byte) 0x7f, (byte) 0x80, (byte) 0xff)
			.array(byte[].class)
			.ofMaxSize(10);
		return prefixes.flatMap((prefix) -> tails.map((tail) -> {
			byte[] key = Arrays.copyOf(prefix, prefix.length + tail.length);
			System.arraycopy(tail, 0, key, prefix.length, tail.length);
			return key;
		}).list().ofMaxSize(40));
	}

}
