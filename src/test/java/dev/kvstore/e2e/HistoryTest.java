package dev.kvstore.e2e;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The judgement of {@link History}, on histories whose legal outcomes are known: it must
 * catch a lost write, a resurrected value, a changed ETag and an older version.
 */
class HistoryTest {

	private final History history = new History(new AtomicLong());

	@Test
	void lastAcknowledgedWriteOfOneWriterIsTheOnlyLegalValue() throws Exception {
		Op first = acknowledgedPut("k", "\"1\"");
		Op second = acknowledgedPut("k", "\"2\"");
		assertThat(this.history.violation("k", Values.of(second.id, second.size), "\"2\"")).isNull();
		assertThat(this.history.violation("k", Values.of(first.id, first.size), "\"1\"")).contains("replaced");
		assertThat(this.history.violation("k", null, null)).contains("absent");
	}

	@Test
	void writeInFlightAtTheKillMayOrMayNotBeThere() throws Exception {
		Op acknowledged = acknowledgedPut("k", "\"1\"");
		Thread.sleep(2);
		Op inFlight = this.history.begin("k", false, 10);
		assertThat(this.history.violation("k", Values.of(acknowledged.id, acknowledged.size), "\"1\"")).isNull();
		assertThat(this.history.violation("k", Values.of(inFlight.id, inFlight.size), "\"7\"")).isNull();
	}

	@Test
	void acknowledgedDeleteLeavesTheKeyAbsent() throws Exception {
		Op put = acknowledgedPut("k", "\"1\"");
		Thread.sleep(2);
		this.history.begin("k", true, 0).answered(Op.Outcome.ACKNOWLEDGED, null);
		assertThat(this.history.violation("k", null, null)).isNull();
		assertThat(this.history.violation("k", Values.of(put.id, put.size), "\"1\"")).contains("replaced");
	}

	@Test
	void deleteThatFoundNothingCannotExplainAnAbsence() throws Exception {
		acknowledgedPut("k", "\"1\"");
		Thread.sleep(2);
		this.history.begin("k", true, 0).answered(Op.Outcome.NO_EFFECT, null);
		assertThat(this.history.violation("k", null, null)).contains("absent");
	}

	@Test
	void acknowledgedValueMustKeepItsETag() throws Exception {
		Op put = acknowledgedPut("k", "\"5\"");
		assertThat(this.history.violation("k", Values.of(put.id, put.size), "\"6\"")).contains("under ETag");
	}

	@Test
	void concurrentWritesMayEndEitherWayButNotBelowAnAcknowledgedVersion() {
		Op first = this.history.begin("k", false, 10);
		Op second = this.history.begin("k", false, 20);
		first.answered(Op.Outcome.ACKNOWLEDGED, "\"9\"");
		second.answered(Op.Outcome.ACKNOWLEDGED, "\"8\"");
		assertThat(this.history.violation("k", Values.of(first.id, first.size), "\"9\"")).isNull();
		assertThat(this.history.violation("k", Values.of(second.id, second.size), "\"8\"")).contains("older");
	}

	@Test
	void valueNoOpWroteIsCaught() throws Exception {
		Op put = acknowledgedPut("k", "\"1\"");
		byte[] damaged = Values.of(put.id, put.size);
		damaged[damaged.length - 1] ^= 1;
		assertThat(this.history.violation("k", damaged, "\"1\"")).contains("written by none");
	}

	private Op acknowledgedPut(String key, String etag) throws InterruptedException {
		Thread.sleep(2);
		Op op = this.history.begin(key, false, 100);
		op.answered(Op.Outcome.ACKNOWLEDGED, etag);
		return op;
	}

}
