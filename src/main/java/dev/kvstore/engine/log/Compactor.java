package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.io.FileIo;

/**
 * Rewrites immutable segments into new ones that hold only live records, while reads and
 * writes go on.
 *
 * <p>
 * The inputs are every segment but the active one, which the engine has just rotated.
 * That makes dropping tombstones safe: every older record of a deleted key is in an
 * input, not in a segment that outlives the compaction, and the commit record deletes the
 * inputs all together or not at all. Records keep their sequence numbers, so versions
 * survive.
 *
 * <p>
 * Step by step, and why in this order:
 * <ol>
 * <li>copy each live record (the index still points at it) into an output under a
 * temporary name;</li>
 * <li>when an output is full: force it, rename it, write its hint, force the directory,
 * and only then point the index at it, each key with a compare-and-set so that a write
 * made meanwhile wins;</li>
 * <li>force the active segment: the writes that made the dropped records dead are there,
 * and they must be on disk before the records they replaced are gone;</li>
 * <li>write the commit record naming the inputs, durably;</li>
 * <li>retire the inputs (readers that still hold an old position look the key up again)
 * and delete them, then the commit record.</li>
 * </ol>
 * A crash before step 4 leaves inputs and outputs side by side: the same records twice,
 * which recovery settles by sequence number. A crash after it is finished by recovery.
 */
final class Compactor {

	private final LogOptions options;

	private final FileIo io;

	private final SegmentFiles files;

	private final Segments segments;

	private final KeyIndex index;

	private final LongSupplier sequenceFloor;

	private final BooleanSupplier stopping;

	private final Runnable forceActiveSegment;

	private final LongSupplier undoRounds;

	Compactor(LogOptions options, SegmentFiles files, Segments segments, KeyIndex index, LongSupplier sequenceFloor,
			BooleanSupplier stopping, Runnable forceActiveSegment, LongSupplier undoRounds) {
		this.options = options;
		this.io = options.io();
		this.files = files;
		this.segments = segments;
		this.index = index;
		this.sequenceFloor = sequenceFloor;
		this.stopping = stopping;
		this.forceActiveSegment = forceActiveSegment;
		this.undoRounds = undoRounds;
	}

	/**
	 * Compacts {@code inputs} (immutable segments, oldest first);
	 * {@code undoRoundsBefore} is the engine's count of undone writes when they were
	 * chosen, read under its write lock.
	 */
	void run(List<Segment> inputs, long undoRoundsBefore) throws IOException {
		finishEarlierCommit();
		Output[] output = { null };
		try {
			for (Segment input : inputs) {
				if (this.stopping.getAsBoolean()) {
					throw new IOException("compaction stopped: the engine is closing");
				}
				SegmentScanner.Visitor copyLive = (offset, raw, record) -> {
					IndexEntry live = record.tombstone() ? null : liveEntry(input, offset, record.key());
					if (live == null) {
						return;
					}
					if (output[0] != null && output[0].isFull(raw.remaining())) {
						finish(output[0]);
						output[0] = null;
					}
					if (output[0] == null) {
						output[0] = new Output(this.segments.createCompactionOutput(this.sequenceFloor.getAsLong()));
					}
					output[0].copy(record, raw, live);
				};
				long from = LogFormat.FILE_HEADER_SIZE;
				while (true) {
					SegmentScanner.Result result = SegmentScanner.scan(input.handle(), from, input.size(), copyLive);
					if (result.complete()) {
						break;
					}
					if (this.options.recovery() != RecoveryMode.SALVAGE) {
						throw new CorruptionException(input.path(), result.end(), result.problem());
					}
					// Salvage skipped this damage at startup, so no live record lies
					// in it; the records after it are copied as recovery found them.
					from = SegmentScanner.nextGoodRecord(input.handle(), result.end() + 1, input.size());
				}
			}
			if (output[0] != null) {
				finish(output[0]);
				output[0] = null;
			}
		}
		finally {
			if (output[0] != null) {
				output[0].abandon();
			}
		}
		replace(inputs, undoRoundsBefore);
	}

	/** The index entry of the record if the index points at it, else {@code null}. */
	private IndexEntry liveEntry(Segment input, long offset, byte[] key) {
		IndexEntry entry = this.index.get(key);
		return (entry != null && entry.segmentId() == input.id() && entry.offset() == offset) ? entry : null;
	}

	private void finish(Output output) throws IOException {
		Segment segment = output.segment;
		this.segments.publish(segment);
		try {
			HintFiles.write(this.io, this.files, segment.id(), this.sequenceFloor.getAsLong(), output.hints);
			segment.setHintBytes(this.io.size(this.files.hint(segment.id())));
		}
		catch (IOException ex) {
			// A missing hint only makes the next start scan this segment.
			this.options.listener().onBackgroundFailure("writing hint file of segment " + segment.id(), ex);
		}
		// Both names durable before the index points at the output.
		this.io.forceDirectory(this.files.directory());
		this.segments.add(segment);
		output.kept = true;
		List<KeyIndex.Replacement> moves = output.moves;
		// In key order, so that the index can move a page of keys at a time.
		moves.sort((left, right) -> Arrays.compareUnsigned(left.key(), right.key()));
		List<KeyIndex.Replacement> missedMoves = this.index.replaceAll(moves);
		for (KeyIndex.Replacement missed : missedMoves) {
			// A write or delete came in meanwhile: the copy is garbage already.
			segment.addDeadBytes(missed.replacement().size());
		}
		countMovedAsGarbage(moves, missedMoves);
	}

	/**
	 * The records the index now finds in an output are garbage in their inputs. Counted
	 * there at once: if the compaction fails before it deletes the inputs, they stay, and
	 * the next compaction must see how much of them it can reclaim. (A record whose move
	 * was missed was counted by the write that replaced it.)
	 */
	private void countMovedAsGarbage(List<KeyIndex.Replacement> moves, List<KeyIndex.Replacement> missedMoves) {
		Set<KeyIndex.Replacement> missed = Collections.newSetFromMap(new IdentityHashMap<>());
		missed.addAll(missedMoves);
		for (KeyIndex.Replacement move : moves) {
			Segment input = this.segments.get(move.expected().segmentId());
			if (!missed.contains(move) && input != null) {
				input.addDeadBytes(move.expected().size());
			}
		}
	}

	/**
	 * A compaction whose deletes failed left its commit record behind, naming inputs that
	 * are gone from the open segments but maybe not from the disk. They are deleted
	 * before a new commit record replaces that one; otherwise they would come back at the
	 * next start, with values whose tombstones later compactions dropped. Inputs still
	 * open (the commit record was written but the compaction failed before retiring them)
	 * are left: they are inputs of this compaction.
	 */
	private void finishEarlierCommit() throws IOException {
		Path commit = this.files.compactionCommit();
		if (!this.io.exists(commit)) {
			return;
		}
		List<Long> replaced;
		try {
			replaced = CompactionCommit.read(this.io, commit);
		}
		catch (MalformedDataException ex) {
			replaced = List.of();
		}
		for (long id : replaced) {
			if (this.segments.get(id) == null) {
				this.io.deleteIfExists(this.files.hint(id));
				this.io.deleteIfExists(this.files.segment(id));
			}
		}
		this.io.forceDirectory(this.files.directory());
		this.io.deleteIfExists(commit);
		this.io.forceDirectory(this.files.directory());
	}

	private void replace(List<Segment> inputs, long undoRoundsBefore) throws IOException {
		List<Long> ids = new ArrayList<>();
		for (Segment input : inputs) {
			ids.add(input.id());
		}
		// A record was left out because a later write replaced it, and with sync=never or
		// interval (or an fsync still to come) that write may not be on disk yet: a power
		// loss after the inputs go would take the record and its replacement both, and
		// the key would come back older than any prefix of the writes.
		this.forceActiveSegment.run();
		// A write undone meanwhile (its held record could not be written) put back an
		// index entry that this compaction may have judged dead or missed moving: the
		// inputs stay, and with them the record. Writes applied after the force above
		// cannot point back into an input, so a later undo cannot either.
		if (this.undoRounds.getAsLong() != undoRoundsBefore) {
			throw new IOException("compaction abandoned: writes were undone while it ran; its inputs are kept");
		}
		CompactionCommit.write(this.io, this.files, ids);
		for (Segment input : inputs) {
			this.segments.remove(input);
			input.retire();
		}
		for (Segment input : inputs) {
			// The hint goes first: a hint without its segment is dropped at startup,
			// while a segment without its hint is merely scanned.
			this.io.deleteIfExists(this.files.hint(input.id()));
			this.io.deleteIfExists(input.path());
		}
		this.io.forceDirectory(this.files.directory());
		this.io.deleteIfExists(this.files.compactionCommit());
		this.io.forceDirectory(this.files.directory());
	}

	/** An output segment being filled. */
	private final class Output {

		final Segment segment;

		final List<KeyIndex.Replacement> moves = new ArrayList<>();

		final List<HintEntry> hints = new ArrayList<>();

		/**
		 * Set once the store has taken the output: from then on it is never deleted here.
		 */
		boolean kept;

		Output(Segment segment) {
			this.segment = segment;
		}

		boolean isFull(int recordSize) {
			return !this.segment.isEmpty() && this.segment.size() + recordSize > Compactor.this.options.segmentSize();
		}

		void copy(LogRecord record, ByteBuffer raw, IndexEntry from) throws IOException {
			int size = raw.remaining();
			long offset = this.segment.append(raw);
			this.moves.add(new KeyIndex.Replacement(record.key(), from,
					new IndexEntry(this.segment.id(), offset, size, record.sequence())));
			int valueLength = size - LogFormat.RECORD_HEADER_SIZE - record.key().length;
			this.hints.add(new HintEntry(record.sequence(), offset, valueLength, record.key(), false));
		}

		void abandon() {
			if (this.kept) {
				// The index may point into it already.
				return;
			}
			this.segment.close();
			try {
				Compactor.this.io.deleteIfExists(Compactor.this.files.temp(this.segment.path()));
				// finish() may have failed after the rename: an output the index never
				// pointed at must not outlive the compaction, or its copies would come
				// back at the next start after later deletes dropped their tombstones.
				Compactor.this.io.deleteIfExists(Compactor.this.files.hint(this.segment.id()));
				Compactor.this.io.deleteIfExists(this.segment.path());
			}
			catch (IOException ex) {
				keepAsGarbage();
			}
		}

		/**
		 * An output under its real name that could not be deleted stays in the store, all
		 * of it garbage: unknown to the store, it would be no later compaction's input,
		 * which could then drop a tombstone whose older record it holds, and that record
		 * would come back at the next start. Kept, the next compaction removes it.
		 */
		private void keepAsGarbage() {
			boolean named;
			try {
				named = Compactor.this.io.exists(this.segment.path());
			}
			catch (RuntimeException ex) {
				named = true;
			}
			if (named) {
				this.segment.addDeadBytes(this.segment.size() - LogFormat.FILE_HEADER_SIZE);
				Compactor.this.segments.add(this.segment);
			}
		}

	}

}
