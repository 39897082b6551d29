package dev.kvstore.web;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;

/**
 * The OpenAPI description of {@link KeyController}, kept apart so the controller stays
 * short.
 */
@Tag(name = "keys", description = "Values stored under keys")
interface KeyApi {

	String KEY_DESCRIPTION = "The key: the rest of the path, percent-decoded, as UTF-8; 1 to kv.max-key-bytes bytes; "
			+ "'/' allowed inside; no control character and no '.' or '..' segment";

	String BINARY = "application/octet-stream";

	String PROBLEM = "application/problem+json";

	@Operation(summary = "Store a value",
			description = "Stores the request body, byte for byte, under the key. With If-None-Match: * it only "
					+ "creates; with If-Match it only replaces the version named (compare-and-set). Atomic.",
			parameters = { @Parameter(name = "key", in = ParameterIn.PATH, required = true,
					description = KEY_DESCRIPTION, example = "users/42", schema = @Schema(type = "string")) },
			requestBody = @RequestBody(required = false, description = "The value: 0 to kv.max-value-bytes bytes",
					content = @Content(mediaType = BINARY, schema = @Schema(type = "string", format = "binary"),
							examples = @ExampleObject(value = "hello"))))
	@ApiResponse(responseCode = "201", description = "Created: the key was new",
			headers = { @Header(name = "ETag", description = "The new version, a strong validator"),
					@Header(name = "Location", description = "The key's URL") })
	@ApiResponse(responseCode = "204", description = "Replaced an existing value",
			headers = @Header(name = "ETag", description = "The new version"))
	@ApiResponse(responseCode = "400", description = "Bad key or conditional header",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "412", description = "If-Match or If-None-Match failed",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "413", description = "The value is larger than kv.max-value-bytes",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "507", description = "The disk is full", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "503", description = "Storage unavailable, or the service is overloaded (Retry-After)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> put(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(name = "If-Match", in = ParameterIn.HEADER,
					description = "Apply only if the current version has one of these ETags ('*': any)",
					example = "\"42\"") String ifMatch,
			@Parameter(name = "If-None-Match", in = ParameterIn.HEADER, description = "'*': create only",
					example = "*") String ifNoneMatch)
			throws IOException;

	@Operation(summary = "Read a value",
			description = "Returns the value byte for byte. HEAD returns the same headers without the body.",
			parameters = @Parameter(name = "key", in = ParameterIn.PATH, required = true, description = KEY_DESCRIPTION,
					example = "users/42", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "200", description = "The value",
			headers = { @Header(name = "ETag", description = "The value's version"),
					@Header(name = "Content-Length", description = "The value's length"),
					@Header(name = "X-Content-Type-Options", description = "nosniff") },
			content = @Content(mediaType = BINARY, schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "304", description = "If-None-Match matches the current version",
			headers = @Header(name = "ETag", description = "The value's version"))
	@ApiResponse(responseCode = "400", description = "Bad key", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No value under this key", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "412", description = "If-Match does not match", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "503", description = "Storage unavailable, or the service is overloaded (Retry-After)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<byte[]> get(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "Answer 412 unless one matches",
					example = "\"42\"") String ifMatch,
			@Parameter(name = "If-None-Match", in = ParameterIn.HEADER,
					description = "Answer 304 if one matches the current version",
					example = "\"42\"") String ifNoneMatch);

	@Operation(summary = "Delete a value",
			description = "Deletes the key. With If-Match, only if the current version matches (atomic).",
			parameters = @Parameter(name = "key", in = ParameterIn.PATH, required = true, description = KEY_DESCRIPTION,
					example = "users/42", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "400", description = "Bad key", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No value under this key", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "412", description = "If-Match failed", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "507", description = "The disk is full", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "503", description = "Storage unavailable, or the service is overloaded (Retry-After)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<Void> delete(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(name = "If-Match", in = ParameterIn.HEADER,
					description = "Delete only if the current version has one of these ETags",
					example = "\"42\"") String ifMatch,
			@Parameter(name = "If-None-Match", in = ParameterIn.HEADER, hidden = true) String ifNoneMatch);

}
