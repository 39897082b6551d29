package dev.kvstore.web;

/** A conditional header kvstore cannot honour; answered with 400. */
class BadConditionalRequestException extends RuntimeException {

	BadConditionalRequestException(String message) {
		super(message);
	}

}
