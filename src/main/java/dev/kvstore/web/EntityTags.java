package dev.kvstore.web;

import java.util.HashSet;
import java.util.Set;

import dev.kvstore.engine.Precondition;

/**
 * Strong ETags made from versions ({@code "42"}), and the preconditions of
 * {@code If-Match} and {@code If-None-Match} headers (RFC 9110 §13.1).
 */
final class EntityTags {

	private EntityTags() {
	}

	static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * The precondition of a write's {@code If-Match} and {@code If-None-Match} headers.
	 * @throws BadConditionalRequestException for combinations kvstore does not support
	 */
	static Precondition forWrite(String ifMatch, String ifNoneMatch) {
		if (ifMatch != null && ifNoneMatch != null) {
			throw new BadConditionalRequestException("use either If-Match or If-None-Match, not both");
		}
		if (ifNoneMatch != null) {
			if (!ifNoneMatch.strip().equals("*")) {
				throw new BadConditionalRequestException("on a write, If-None-Match supports only *");
			}
			return Precondition.ABSENT;
		}
		if (ifMatch != null) {
			if (ifMatch.strip().equals("*")) {
				return Precondition.PRESENT;
			}
			// If-Match compares strongly: only strong tags can match, and a list of
			// none never does.
			return Precondition.oneOf(strongVersions(ifMatch));
		}
		return Precondition.NONE;
	}

	/** Whether an {@code If-None-Match} header of a read matches the current version. */
	static boolean noneMatchMatches(String ifNoneMatch, long version) {
		if (ifNoneMatch.strip().equals("*")) {
			return true;
		}
		// If-None-Match compares weakly: W/"42" matches "42".
		for (String tag : ifNoneMatch.split(",")) {
			String trimmed = tag.strip();
			if (trimmed.startsWith("W/")) {
				trimmed = trimmed.substring(2);
			}
			if (trimmed.equals(of(version))) {
				return true;
			}
		}
		return false;
	}

	/** Whether an {@code If-Match} header of a read matches the current version. */
	static boolean matchMatches(String ifMatch, Long version) {
		return forWrite(ifMatch, null).test(version);
	}

	private static Set<Long> strongVersions(String header) {
		Set<Long> versions = new HashSet<>();
		for (String tag : header.split(",")) {
			String trimmed = tag.strip();
			if (trimmed.length() >= 3 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
				try {
					versions.add(Long.parseLong(trimmed.substring(1, trimmed.length() - 1)));
				}
				catch (NumberFormatException ex) {
					// a tag kvstore never made: it matches no version
				}
			}
			else if (!trimmed.startsWith("W/") && !trimmed.isEmpty()) {
				throw new BadConditionalRequestException("If-Match holds a malformed entity tag: " + trimmed);
			}
		}
		return versions;
	}

}
