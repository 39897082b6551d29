package dev.kvstore.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A page of keys.
 *
 * @param keys the keys, in ascending UTF-8 byte order
 * @param next the cursor for the next page, or {@code null} after the last
 */
@Schema(description = "A page of keys")
public record KeyList(
		@Schema(description = "Keys in ascending UTF-8 byte order",
				example = "[\"users/41\", \"users/42\"]") List<String> keys,
		@Schema(description = "Pass as cursor to get the next page; null after the last page", example = "dXNlcnMvNDI",
				nullable = true) String next) {

}
