package dev.kvstore.engine.log;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.StorageException;
import dev.kvstore.engine.WriteResult;
import dev.kvstore.engine.io.DiskIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.kvstore.engine.log.LogTestSupport.bytes;
import static dev.kvstore.engine.log.LogTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes that do not wait for their fsync ({@code putAcknowledged},
 * {@code deleteAcknowledged} with {@code sync=always}): the write is applied when the
 * call returns, and its acknowledgement completes only once an fsync has covered it, also
 * when no writer is left waiting to lead that fsync. Each test holds an fsync at a gate.
 */
class LogAcknowledgementTest {

	private static final long SEGMENT_SIZE = 1 << 20;

	@TempDir
	Path dir;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final GatedIo io = new GatedIo();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void aWriterThatFindsNoFsyncRunningLeadsOneAndReturnsAcknowledged() {
		try (LogStructuredKV engine = open(SyncMode.ALWAYS)) {
			int forcesBefore = this.io.forces.get();
			CompletableFuture<WriteResult> acknowledgement = engine.putAcknowledged(bytes("k"), bytes("v"),
					Precondition.NONE);
			assertThat(acknowledgement).as("its own fsync covered it").isCompleted();
			assertThat(acknowledgement.join().created()).isTrue();
			assertThat(this.io.forces.get() - forcesBefore).isEqualTo(1);
		}
	}

	@Test
	void aWriteAcknowledgedDuringAnotherFsyncCompletesOnlyAfterAnFsyncThatCoversIt() throws Exception {
		CompletableFuture<WriteResult> acknowledgement;
		try (LogStructuredKV engine = open(SyncMode.ALWAYS)) {
			Future<WriteResult> first = putHeldInItsFsync(engine);
			int forcesBefore = this.io.forces.get();
			acknowledgement = engine.putAcknowledged(bytes("k1"), bytes("v1"), Precondition.NONE);
			assertThat(engine.get(bytes("k1"))).as("applied before it is durable").isPresent();
			assertThat(acknowledgement).as("the held fsync began before this write").isNotDone();
			this.io.openGate();
			first.get(10, TimeUnit.SECONDS);
			// No writer is parked to lead the next fsync: the engine starts it itself.
			assertThat(acknowledgement.get(10, TimeUnit.SECONDS).created()).isTrue();
			assertThat(this.io.forces.get() - forcesBefore).as("the held fsync, and one more").isEqualTo(2);
		}
		try (LogStructuredKV reopened = LogStructuredKV
			.open(LogTestSupport.options(this.dir, DiskIo.INSTANCE, SEGMENT_SIZE, SyncMode.ALWAYS))) {
			assertThat(reopened.get(bytes("k1"))).map((value) -> text(value.value())).contains("v1");
		}
	}

	@Test
	void aDeleteIsAcknowledgedLikeAPutAndADeleteOfNothingAtOnce() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.ALWAYS)) {
			engine.put(bytes("k1"), bytes("v1"));
			Future<WriteResult> first = putHeldInItsFsync(engine);
			CompletableFuture<Boolean> delete = engine.deleteAcknowledged(bytes("k1"), Precondition.NONE);
			CompletableFuture<Boolean> deleteOfNothing = engine.deleteAcknowledged(bytes("absent"), Precondition.NONE);
			assertThat(engine.get(bytes("k1"))).isEmpty();
			assertThat(delete).isNotDone();
			assertThat(deleteOfNothing).as("nothing written, nothing to wait for").isCompletedWithValue(false);
			this.io.openGate();
			first.get(10, TimeUnit.SECONDS);
			assertThat(delete.get(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void aFailedFsyncFailsTheAcknowledgementsWaitingForItAndStopsWrites() throws Exception {
		try (LogStructuredKV engine = open(SyncMode.ALWAYS)) {
			this.io.holdNextForce();
			CompletableFuture<CompletableFuture<WriteResult>> leader = CompletableFuture
				.supplyAsync(() -> engine.putAcknowledged(bytes("k0"), bytes("v0"), Precondition.NONE), this.threads);
			this.io.awaitHeldForce();
			CompletableFuture<WriteResult> acknowledgement = engine.putAcknowledged(bytes("k1"), bytes("v1"),
					Precondition.NONE);
			this.io.failNextForce();
			this.io.openGate();
			assertThatThrownBy(() -> leader.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS))
				.hasCauseInstanceOf(StorageException.class);
			assertThatThrownBy(() -> acknowledgement.get(10, TimeUnit.SECONDS))
				.as("it came after the failed fsync began, and no later fsync of the file is trusted")
				.hasCauseInstanceOf(StorageException.class);
			assertThat(engine.writeFailure()).isPresent();
			assertThatThrownBy(() -> engine.putAcknowledged(bytes("k2"), bytes("v2"), Precondition.NONE))
				.isInstanceOf(StorageException.class);
		}
	}

	@Test
	void withoutSyncAlwaysTheAcknowledgementIsCompleteOnReturn() {
		try (LogStructuredKV engine = open(SyncMode.NEVER)) {
			assertThat(engine.putAcknowledged(bytes("k"), bytes("v"), Precondition.NONE)).isCompleted();
			assertThat(engine.deleteAcknowledged(bytes("k"), Precondition.NONE)).isCompletedWithValue(true);
		}
	}

	/**
	 * Puts {@code k0} on another thread and waits until its fsync is held at the gate.
	 */
	private Future<WriteResult> putHeldInItsFsync(LogStructuredKV engine) throws InterruptedException {
		this.io.holdNextForce();
		Future<WriteResult> first = this.threads.submit(() -> engine.put(bytes("k0"), bytes("v0")));
		this.io.awaitHeldForce();
		return first;
	}

	private LogStructuredKV open(SyncMode sync) {
		return LogStructuredKV.open(LogTestSupport.options(this.dir, this.io, SEGMENT_SIZE, sync));
	}

}
