package dev.kvstore.web;

/** The key of a request is absent; answered with 404. */
class KeyNotFoundException extends RuntimeException {

	KeyNotFoundException() {
		super("no value is stored under this key");
	}

}
