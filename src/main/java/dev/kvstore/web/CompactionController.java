package dev.kvstore.web;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kvstore.engine.StorageEngine;

/** {@code POST /compact}: runs a compaction and reports what it did. */
@RestController
class CompactionController implements CompactionApi {

	private final StorageEngine engine;

	CompactionController(StorageEngine engine) {
		this.engine = engine;
	}

	@Override
	@PostMapping("/compact")
	public CompactionResult compact() {
		return CompactionResult.of(this.engine.compact());
	}

}
