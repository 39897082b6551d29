package dev.kvstore.engine.memory;

import java.nio.file.Path;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.StorageEngineContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryKVTest extends StorageEngineContract {

	@Override
	protected StorageEngine open(Path dir, EngineLimits limits) {
		return new MemoryKV(limits);
	}

	@Override
	protected boolean persistent() {
		return false;
	}

	@Test
	void statsEstimateTheHeapAndReportNoFiles() {
		long empty = this.engine.stats().indexMemoryBytes();
		this.engine.put(bytes("k"), new byte[1000]);
		assertThat(this.engine.stats().indexMemoryBytes()).isGreaterThan(empty + 1000);
		assertThat(this.engine.stats().segments()).isZero();
		assertThat(this.engine.stats().diskBytes()).isZero();
		this.engine.delete(bytes("k"));
		assertThat(this.engine.stats().indexMemoryBytes()).isEqualTo(empty);
	}

	@Test
	void nothingSurvivesAReopen() {
		this.engine.put(bytes("k"), bytes("v"));
		reopen();
		assertThat(this.engine.get(bytes("k"))).isEmpty();
	}

}
