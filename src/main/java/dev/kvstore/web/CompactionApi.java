package dev.kvstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI description of {@link CompactionController}. */
@Tag(name = "maintenance", description = "Reclaiming disk space")
interface CompactionApi {

	@Operation(summary = "Compact the store",
			description = "Rewrites the data files without overwritten and deleted values. Reads and writes go on "
					+ "meanwhile. Answers when it is done.")
	@ApiResponse(responseCode = "200", description = "What the compaction did")
	@ApiResponse(responseCode = "409", description = "A compaction is already running",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Storage unavailable",
			content = @Content(mediaType = "application/problem+json"))
	CompactionResult compact();

}
