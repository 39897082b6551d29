package dev.kvstore.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every PUT and DELETE of a round with its outcome, and the judgement of what a key may
 * hold after the crash.
 *
 * <p>
 * An op is <em>superseded</em> when an acknowledged op of the same key started after it
 * ended: the service applied it first, so its effect cannot be the final state. The final
 * state of a key must be the effect of an op that is acknowledged or was in flight and is
 * not superseded (or, if no op of the key was acknowledged, the key's absence before the
 * round). For a key with one writer this is exactly "the last acknowledged write, or the
 * write in flight after it". A value also keeps its ETag when its PUT was acknowledged,
 * and its version is never below an acknowledged one.
 */
final class History {

	private final AtomicLong ids;

	private final Map<String, List<Op>> byKey = new ConcurrentHashMap<>();

	private final Map<Long, Op> byId = new ConcurrentHashMap<>();

	History(AtomicLong ids) {
		this.ids = ids;
	}

	Op begin(String key, boolean delete, int size) {
		Op op = new Op(this.ids.incrementAndGet(), key, delete, size);
		this.byId.put(op.id, op);
		this.byKey.computeIfAbsent(key, (k) -> java.util.Collections.synchronizedList(new ArrayList<>())).add(op);
		return op;
	}

	Set<String> keys() {
		return this.byKey.keySet();
	}

	long count(Op.Outcome outcome) {
		return this.byId.values().stream().filter((op) -> op.outcome() == outcome).count();
	}

	/**
	 * What is wrong with a key's state after the restart.
	 * @param value the value read back, {@code null} if the key is absent
	 * @param etag its ETag
	 * @return a description of the violation, or {@code null} if the state is legal
	 */
	String violation(String key, byte[] value, String etag) {
		List<Op> ops;
		synchronized (this.byKey.get(key)) {
			ops = List.copyOf(this.byKey.get(key));
		}
		if (value == null) {
			boolean legal = ops.stream().noneMatch(Op::acknowledged)
					|| ops.stream().anyMatch((op) -> op.delete && op.mayHaveApplied() && !superseded(op, ops));
			return legal ? null : "key " + key + " is absent; its ops: " + ops;
		}
		Op writer = this.byId.get(Values.opIdOf(value));
		if (writer == null || writer.delete || !writer.key.equals(key)
				|| !Arrays.equals(value, Values.of(writer.id, writer.size))) {
			return "key " + key + " holds " + value.length + " bytes written by none of its ops; its ops: " + ops;
		}
		if (!writer.mayHaveApplied() || superseded(writer, ops)) {
			return "key " + key + " holds the value of " + writer
					+ ", which a later acknowledged op replaced; its ops: " + ops;
		}
		if (writer.acknowledged() && !writer.etag().equals(etag)) {
			return "key " + key + " holds the value of " + writer + " under ETag " + etag;
		}
		long newestAcknowledged = ops.stream()
			.filter((op) -> op.acknowledged() && !op.delete)
			.mapToLong((op) -> version(op.etag()))
			.max()
			.orElse(Long.MIN_VALUE);
		if (version(etag) < newestAcknowledged) {
			return "key " + key + " has version " + etag + ", older than the acknowledged " + newestAcknowledged;
		}
		return null;
	}

	private static boolean superseded(Op op, List<Op> ops) {
		return ops.stream().anyMatch((other) -> other.acknowledged() && other.start > op.end());
	}

	static long version(String etag) {
		return Long.parseLong(etag.replace("\"", ""));
	}

}
