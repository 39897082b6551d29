package dev.kvstore.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kvstore.engine.KeyPage;
import dev.kvstore.engine.StorageEngine;

/**
 * {@code GET /keys}: a page of keys with a prefix, in ascending UTF-8 byte order. The
 * cursor is the last key of the page, base64url-encoded: opaque to clients, and stable
 * however the store changes between pages.
 */
@RestController
class KeyListController implements KeyListApi {

	static final int MAX_LIMIT = 1000;

	private final StorageEngine engine;

	KeyListController(StorageEngine engine) {
		this.engine = engine;
	}

	@Override
	@GetMapping("/keys")
	public KeyList list(@RequestParam(defaultValue = "") String prefix, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(required = false) String cursor) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadListRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
		}
		byte[] after = (cursor == null || cursor.isEmpty()) ? null : decodeCursor(cursor);
		KeyPage page = this.engine.list(prefix.getBytes(StandardCharsets.UTF_8), after, limit);
		List<String> keys = page.keys().stream().map((key) -> new String(key, StandardCharsets.UTF_8)).toList();
		String next = (page.next() != null) ? Base64.getUrlEncoder().withoutPadding().encodeToString(page.next())
				: null;
		return new KeyList(keys, next);
	}

	private static byte[] decodeCursor(String cursor) {
		try {
			return Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw new BadListRequestException("cursor is not one this service made");
		}
	}

	/** A bad parameter of {@code GET /keys}; answered with 400. */
	static class BadListRequestException extends RuntimeException {

		BadListRequestException(String message) {
			super(message);
		}

	}

}
