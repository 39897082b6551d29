package dev.kvstore.web;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.kvstore.config.KvProperties;
import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.VersionedValue;

/**
 * {@code PUT}, {@code GET}, {@code HEAD} and {@code DELETE} of one key. Thin: the key
 * comes from {@link KeyPaths}, conditions from {@link EntityTags}, and every failure
 * becomes a problem detail in {@link ProblemAdvice}.
 */
@RestController
class KeyController implements KeyApi {

	private final StorageEngine engine;

	private final EngineLimits limits;

	private final AcknowledgedAnswers answers;

	KeyController(StorageEngine engine, KvProperties properties, AcknowledgedAnswers answers) {
		this.engine = engine;
		this.limits = properties.limits();
		this.answers = answers;
	}

	@Override
	@PutMapping("/keys/{*key}")
	public ResponseEntity<Void> put(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) throws IOException {
		byte[] key = KeyPaths.keyOf(request);
		Precondition precondition = EntityTags.forWrite(ifMatch, ifNoneMatch);
		// Check the key before reading a byte of the body.
		this.limits.checkKey(key);
		byte[] value = ValueBodies.read(request, this.limits.maxValueBytes());
		return this.answers.answer(request, this.engine.putAcknowledged(key, value, precondition), (result) -> {
			String etag = EntityTags.of(result.version());
			if (result.created()) {
				return ResponseEntity.created(URI.create(request.getContextPath() + KeyPaths.pathOf(key)))
					.eTag(etag)
					.build();
			}
			return ResponseEntity.noContent().eTag(etag).build();
		});
	}

	@Override
	@GetMapping("/keys/{*key}")
	public ResponseEntity<byte[]> get(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		byte[] key = KeyPaths.keyOf(request);
		Optional<VersionedValue> stored = this.engine.get(key);
		if (ifMatch != null && !EntityTags.matchMatches(ifMatch, stored.map(VersionedValue::version).orElse(null))) {
			throw new PreconditionFailedException("If-Match does not match the current version");
		}
		VersionedValue value = stored.orElseThrow(KeyNotFoundException::new);
		String etag = EntityTags.of(value.version());
		if (ifNoneMatch != null && EntityTags.noneMatchMatches(ifNoneMatch, value.version())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(value.value().length)
			.eTag(etag)
			.header("X-Content-Type-Options", "nosniff")
			.body(value.value());
	}

	@Override
	@DeleteMapping("/keys/{*key}")
	public ResponseEntity<Void> delete(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		byte[] key = KeyPaths.keyOf(request);
		return this.answers.answer(request,
				this.engine.deleteAcknowledged(key, EntityTags.forWrite(ifMatch, ifNoneMatch)), (deleted) -> {
					if (!deleted) {
						throw new KeyNotFoundException();
					}
					return ResponseEntity.noContent().build();
				});
	}

}
