package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * Opens a directory of segments and rebuilds the index: finishes or forgets an
 * interrupted compaction, drops unfinished temporary files, loads the immutable segments
 * whose hint files are sound all at once and scans the others, cuts a torn tail off the
 * newest write segment, and checks everything else strictly (or salvages it).
 *
 * <p>
 * Records are applied by sequence number, not by file order: compaction outputs hold old
 * records under new file ids, and an interrupted compaction leaves copies of the same
 * record in two files. The record with the highest sequence number of a key wins; of two
 * copies of it, the one in the segment of the lower id.
 *
 * <p>
 * The segments with hint files go first: their sorted hint files are merged and loaded
 * into the empty index in bulk ({@link HintMerge}), which is what makes a start from hint
 * files fast. The segments scanned (those without a sound hint, and the newest write
 * segment) are then applied record by record on top, against the index and the map of
 * deleted keys that the merge left; as the winner of each key depends only on sequence
 * numbers and segment ids, the order of the two steps changes nothing.
 */
final class Recovery {

	/**
	 * What recovery found.
	 *
	 * @param segments the open segments
	 * @param lastWriteSegment the newest write segment, which may go on taking appends,
	 * or {@code null}
	 * @param nextSequence the first sequence number never used
	 * @param withoutHints immutable segments that have no sound hint file
	 * @param damaged whether salvage skipped damaged bytes
	 */
	record Result(Segments segments, Segment lastWriteSegment, long nextSequence, List<Segment> withoutHints,
			boolean damaged) {

	}

	private final LogOptions options;

	private final FileIo io;

	private final SegmentFiles files;

	private final KeyIndex index;

	/** Keys whose newest record so far is a tombstone, with its sequence number. */
	private final Map<byte[], Long> deleted = new TreeMap<>(Arrays::compareUnsigned);

	private final Map<Long, Segment> bySegmentId = new HashMap<>();

	private long maxSequence;

	private boolean damaged;

	Recovery(LogOptions options, SegmentFiles files, KeyIndex index) {
		this.options = options;
		this.io = options.io();
		this.files = files;
		this.index = index;
	}

	Result run() throws IOException {
		List<Path> listing = this.io.list(this.files.directory());
		for (Path file : listing) {
			if (SegmentFiles.isTemp(file)) {
				// Unfinished output of a compaction, hint or commit: the inputs it was
				// made from are all still there.
				this.io.deleteIfExists(file);
			}
		}
		finishCommittedCompaction();
		listing = this.io.list(this.files.directory());
		List<Long> segmentIds = new ArrayList<>();
		Set<Long> hintIds = new HashSet<>();
		long maxId = 0;
		for (Path file : listing) {
			OptionalLong segmentId = SegmentFiles.segmentId(file);
			OptionalLong hintId = SegmentFiles.hintId(file);
			segmentId.ifPresent(segmentIds::add);
			hintId.ifPresent(hintIds::add);
			maxId = Math.max(maxId, Math.max(segmentId.orElse(0), hintId.orElse(0)));
		}
		segmentIds.sort(null);
		for (long id : hintIds) {
			if (!segmentIds.contains(id)) {
				this.io.deleteIfExists(this.files.hint(id));
			}
		}
		Segments segments = new Segments(this.io, this.files, maxId + 1);
		List<Opened> opened = open(segmentIds);
		Opened lastWrite = null;
		long sequenceFloor = 1;
		for (Opened candidate : opened) {
			sequenceFloor = Math.max(sequenceFloor, candidate.sequenceFloor);
			if (!candidate.segment.isCompacted()) {
				lastWrite = candidate;
			}
		}
		Set<Opened> hinted = loadHints(opened, lastWrite, hintIds);
		List<Segment> withoutHints = new ArrayList<>();
		for (Opened segment : opened) {
			if (!hinted.contains(segment)) {
				scan(segment, segment == lastWrite);
				if (segment != lastWrite) {
					withoutHints.add(segment.segment);
				}
			}
			segments.add(segment.segment);
		}
		if (lastWrite != null) {
			// A killed process leaves the newest segment's last appends in the page
			// cache only, yet a reopened segment counts as forced up to its size, so
			// no rotation, fsync or clean close would force them. Forced here, before
			// anything is written after them: otherwise a power loss could keep later
			// writes and lose these.
			lastWrite.segment.handle().force();
		}
		long nextSequence = Math.max(this.maxSequence + 1, sequenceFloor);
		return new Result(segments, (lastWrite != null) ? lastWrite.segment : null, nextSequence, withoutHints,
				this.damaged);
	}

	/**
	 * A compaction whose commit file is complete had forced all its outputs before
	 * writing it, so its inputs can go; a commit file that is incomplete was never
	 * committed, and the inputs stay (their records have copies in the outputs, which is
	 * harmless).
	 */
	private void finishCommittedCompaction() throws IOException {
		Path commit = this.files.compactionCommit();
		if (!this.io.exists(commit)) {
			return;
		}
		List<Long> replaced = null;
		try {
			replaced = CompactionCommit.read(this.io, commit);
		}
		catch (MalformedDataException ex) {
			// torn: the compaction did not commit
		}
		if (replaced != null) {
			for (long id : replaced) {
				this.io.deleteIfExists(this.files.hint(id));
				this.io.deleteIfExists(this.files.segment(id));
			}
			this.io.forceDirectory(this.files.directory());
		}
		this.io.deleteIfExists(commit);
		this.io.forceDirectory(this.files.directory());
	}

	private List<Opened> open(List<Long> segmentIds) throws IOException {
		List<Opened> opened = new ArrayList<>();
		for (int i = 0; i < segmentIds.size(); i++) {
			long id = segmentIds.get(i);
			Path path = this.files.segment(id);
			FileHandle handle = this.io.open(path, FileIo.Mode.READ_WRITE);
			long size = handle.size();
			ByteBuffer header = ByteBuffer.allocate(LogFormat.FILE_HEADER_SIZE);
			handle.read(header, 0);
			header.flip();
			try {
				FileHeader decoded = FileHeader.decode(header, LogFormat.SEGMENT_MAGIC, id);
				short kind = (decoded.kind() == LogFormat.KIND_COMPACTED) ? LogFormat.KIND_COMPACTED
						: LogFormat.KIND_WRITE;
				opened.add(opened(new Segment(id, path, kind, this.io, handle, size), decoded.sequenceFloor()));
			}
			catch (MalformedDataException ex) {
				boolean newest = i == segmentIds.size() - 1;
				if (newest && size <= LogFormat.FILE_HEADER_SIZE) {
					// A crash while the newest segment was being created: nothing was
					// ever acknowledged from it.
					handle.close();
					this.io.deleteIfExists(path);
					this.io.forceDirectory(this.files.directory());
					this.options.listener().onDataDropped(path, 0, size, "segment creation was cut short");
					continue;
				}
				if (this.options.recovery() == RecoveryMode.STRICT) {
					handle.close();
					throw new CorruptionException(path, 0, ex.getMessage());
				}
				this.damaged = true;
				this.options.listener().onDataDropped(path, 0, LogFormat.FILE_HEADER_SIZE, ex.getMessage());
				opened.add(opened(new Segment(id, path, LogFormat.KIND_COMPACTED, this.io, handle, size), 0));
			}
		}
		return opened;
	}

	private Opened opened(Segment segment, long sequenceFloor) {
		this.bySegmentId.put(segment.id(), segment);
		return new Opened(segment, sequenceFloor);
	}

	/**
	 * Loads every immutable segment that has a sound hint file into the empty index at
	 * once: the hint files are read and checked, merged by key ({@link HintMerge}) and
	 * the index loaded in bulk. All hint files are in memory together meanwhile (about 39
	 * bytes a record for 14-byte keys), and let go before the scans start.
	 * @return the segments loaded; the others are to be scanned
	 */
	private Set<Opened> loadHints(List<Opened> opened, Opened lastWrite, Set<Long> hintIds) {
		Set<Opened> loaded = new HashSet<>();
		List<HintMerge.Source> sources = new ArrayList<>();
		for (Opened candidate : opened) {
			if (candidate != lastWrite && hintIds.contains(candidate.segment.id())) {
				HintFile hint = readHint(candidate.segment);
				if (hint != null) {
					sources.add(new HintMerge.Source(candidate.segment, hint));
					loaded.add(candidate);
				}
			}
		}
		KeyIndex.Loader loader = this.index.bulkLoader();
		this.maxSequence = Math.max(this.maxSequence, new HintMerge(sources).into(loader, this.deleted));
		loader.finish();
		return loaded;
	}

	/** The checked hint file of a segment, or {@code null} if it is unsound. */
	private HintFile readHint(Segment segment) {
		Path hint = this.files.hint(segment.id());
		try {
			HintFile read = HintFile.read(this.io, hint, segment.id(), segment.size());
			segment.setHintBytes(read.fileBytes());
			return read;
		}
		catch (IOException | MalformedDataException ex) {
			// The hint is only a shortcut: the segment itself is the truth.
			this.options.listener()
				.onBackgroundFailure("reading hint file " + hint.getFileName() + ", scanning its segment instead", ex);
			return null;
		}
	}

	private void scan(Opened opened, boolean lastWrite) throws IOException {
		Segment segment = opened.segment;
		FileHandle handle = segment.handle();
		long fileSize = segment.size();
		long from = LogFormat.FILE_HEADER_SIZE;
		while (true) {
			SegmentScanner.Result result = SegmentScanner.scan(handle, from, fileSize,
					(offset, raw, record) -> apply(segment, record.key(), record.sequence(), record.tombstone(), offset,
							raw.remaining()));
			if (result.complete()) {
				return;
			}
			if (lastWrite) {
				cutTornTail(segment, result);
				return;
			}
			if (this.options.recovery() == RecoveryMode.STRICT) {
				throw new CorruptionException(segment.path(), result.end(), result.problem());
			}
			long next = SegmentScanner.nextGoodRecord(handle, result.end() + 1, fileSize);
			this.damaged = true;
			segment.addDeadBytes(next - result.end());
			this.options.listener().onDataDropped(segment.path(), result.end(), next - result.end(), result.problem());
			from = next;
		}
	}

	/**
	 * The newest write segment ends where the last complete record ends: whatever follows
	 * is a write that a crash cut short, never acknowledged with {@code sync=always}, or
	 * zeros written ahead of the appends. It is cut off and the cut forced, so it cannot
	 * reappear and be mistaken for damage later.
	 */
	private void cutTornTail(Segment segment, SegmentScanner.Result result) throws IOException {
		long fileSize = segment.size();
		// Zeros are what the segment wrote ahead of its appends, not a lost write: cut
		// them as quietly as a clean close would have.
		boolean preallocated = SegmentScanner.onlyZeros(segment.handle(), result.end(), fileSize);
		segment.cutTo(result.end());
		if (!preallocated) {
			this.options.listener()
				.onDataDropped(segment.path(), result.end(), fileSize - result.end(),
						"torn tail cut off: " + result.problem());
		}
	}

	private void apply(Segment segment, byte[] key, long sequence, boolean tombstone, long offset, int size) {
		this.maxSequence = Math.max(this.maxSequence, sequence);
		IndexEntry current = this.index.get(key);
		Long deletedAt = this.deleted.get(key);
		long newest = Math.max((current != null) ? current.sequence() : 0, (deletedAt != null) ? deletedAt : 0);
		// Of two copies of one record, the one in the segment of the lower id is kept,
		// whichever is applied first: segments loaded from hints come before those
		// scanned, whatever their ids.
		boolean earlierCopy = current != null && sequence == current.sequence() && segment.id() < current.segmentId();
		if (sequence <= newest && !earlierCopy) {
			// Older than what is known, or a copy an interrupted compaction left.
			segment.addDeadBytes(size);
			return;
		}
		if (current != null) {
			deadIn(current);
		}
		if (tombstone) {
			this.index.remove(key);
			this.deleted.put(key, sequence);
			segment.addDeadBytes(size);
		}
		else {
			this.index.put(key, new IndexEntry(segment.id(), offset, size, sequence));
			this.deleted.remove(key);
		}
	}

	private void deadIn(IndexEntry entry) {
		Segment owner = this.bySegmentId.get(entry.segmentId());
		if (owner != null) {
			owner.addDeadBytes(entry.size());
		}
	}

	/** A segment being recovered, with the sequence floor from its header. */
	private record Opened(Segment segment, long sequenceFloor) {

	}

}
