package dev.kvstore.engine;

import java.util.Set;

/**
 * What must hold for a key before a conditional write applies; the service derives it
 * from {@code If-Match} and {@code If-None-Match: *}.
 */
public sealed interface Precondition {

	/** No condition: the write always applies. */
	Precondition NONE = new None();

	/** The key must be absent (create-only). */
	Precondition ABSENT = new Absent();

	/** The key must be present, whatever its version ({@code If-Match: *}). */
	Precondition PRESENT = new Present();

	/** The key must be present with exactly this version (compare-and-set). */
	static Precondition version(long version) {
		return new Version(version);
	}

	/** The key must be present with one of these versions (an {@code If-Match} list). */
	static Precondition oneOf(Set<Long> versions) {
		return (versions.size() == 1) ? new Version(versions.iterator().next()) : new OneOf(Set.copyOf(versions));
	}

	/**
	 * Whether the condition holds for a key whose current version is {@code current}, or
	 * {@code null} when the key is absent.
	 */
	boolean test(Long current);

	/** See {@link Precondition#NONE}. */
	record None() implements Precondition {

		@Override
		public boolean test(Long current) {
			return true;
		}

	}

	/** See {@link Precondition#ABSENT}. */
	record Absent() implements Precondition {

		@Override
		public boolean test(Long current) {
			return current == null;
		}

	}

	/** See {@link Precondition#PRESENT}. */
	record Present() implements Precondition {

		@Override
		public boolean test(Long current) {
			return current != null;
		}

	}

	/**
	 * See {@link Precondition#oneOf(Set)}.
	 *
	 * @param expected the versions the key may have
	 */
	record OneOf(Set<Long> expected) implements Precondition {

		@Override
		public boolean test(Long current) {
			return current != null && this.expected.contains(current);
		}

	}

	/**
	 * See {@link Precondition#version(long)}.
	 *
	 * @param expected the version the key must have
	 */
	record Version(long expected) implements Precondition {

		@Override
		public boolean test(Long current) {
			return current != null && current == this.expected;
		}

	}

}
