package dev.kvstore.engine.log;

/**
 * Bytes that do not decode: the decoders throw only this, whatever the input, so callers
 * can turn it into a {@link dev.kvstore.engine.CorruptionException} naming file and
 * offset.
 */
class MalformedDataException extends RuntimeException {

	MalformedDataException(String message) {
		super(message, null, false, false);
	}

}
