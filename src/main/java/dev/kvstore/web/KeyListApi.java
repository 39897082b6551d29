package dev.kvstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI description of {@link KeyListController}. */
@Tag(name = "keys")
interface KeyListApi {

	@Operation(summary = "List keys",
			description = "Keys that start with the prefix, in ascending UTF-8 byte order, a page at a time.")
	@ApiResponse(responseCode = "200", description = "A page of keys")
	@ApiResponse(responseCode = "400", description = "Bad limit or cursor",
			content = @Content(mediaType = "application/problem+json"))
	KeyList list(@Parameter(description = "Only keys that start with this", example = "users/") String prefix,
			@Parameter(description = "Most keys to return, 1 to 1000", example = "100") int limit,
			@Parameter(description = "The 'next' of the previous page") String cursor);

}
