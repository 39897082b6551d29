package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * The open segments by id, and the making of new ones with a durable life cycle: a file's
 * header is forced before its name is, and its name before anything is acknowledged from
 * it.
 */
final class Segments {

	private final FileIo io;

	private final SegmentFiles files;

	private final Map<Long, Segment> byId = new ConcurrentHashMap<>();

	private final AtomicLong nextId;

	Segments(FileIo io, SegmentFiles files, long nextId) {
		this.io = io;
		this.files = files;
		this.nextId = new AtomicLong(nextId);
	}

	Segment get(long id) {
		return this.byId.get(id);
	}

	void add(Segment segment) {
		this.byId.put(segment.id(), segment);
	}

	void remove(Segment segment) {
		this.byId.remove(segment.id(), segment);
	}

	/** Every open segment, oldest id first. */
	List<Segment> all() {
		List<Segment> all = new ArrayList<>(this.byId.values());
		all.sort(Comparator.comparingLong(Segment::id));
		return all;
	}

	/**
	 * Creates a new segment for puts and deletes and registers it. Returns only once the
	 * file and its name are durable, so that a write acknowledged from it can be found
	 * after a power loss.
	 */
	Segment createWriteSegment(long sequenceFloor) throws IOException {
		long id = nextId();
		Path path = this.files.segment(id);
		Segment segment = create(id, path, path, LogFormat.KIND_WRITE, sequenceFloor);
		// The new name must survive a power loss before any write is acknowledged
		// from it.
		this.io.forceDirectory(this.files.directory());
		add(segment);
		return segment;
	}

	/**
	 * Creates a compaction output under a temporary name; {@link #publish(Segment)} gives
	 * it its real name once it is complete. It is not registered yet.
	 */
	Segment createCompactionOutput(long sequenceFloor) throws IOException {
		long id = nextId();
		Path path = this.files.segment(id);
		return create(id, this.files.temp(path), path, LogFormat.KIND_COMPACTED, sequenceFloor);
	}

	/**
	 * Forces a complete compaction output and renames it to its real name. The caller
	 * forces the directory afterwards.
	 */
	void publish(Segment output) throws IOException {
		// The copied records must be on disk before the file has a name that recovery
		// reads; otherwise a power loss could leave a named segment with holes.
		output.syncTo(output.size());
		this.io.moveAtomically(this.files.temp(output.path()), output.path());
	}

	/**
	 * A new segment id. The index keeps ids in 32 bits: over four billion files, which
	 * only a store rotating tiny segments for years could use up.
	 */
	private long nextId() throws IOException {
		long id = this.nextId.getAndIncrement();
		if (id > IndexPage.MAX_SEGMENT_ID) {
			throw new IOException("segment ids are used up: the index keeps them below " + IndexPage.MAX_SEGMENT_ID);
		}
		return id;
	}

	private Segment create(long id, Path openPath, Path finalPath, short kind, long sequenceFloor) throws IOException {
		FileHandle handle = this.io.open(openPath, FileIo.Mode.CREATE_NEW);
		try {
			handle.write(new FileHeader(LogFormat.SEGMENT_MAGIC, kind, id, sequenceFloor).encode(), 0);
			// Force the header now, so that a crash never leaves a named segment
			// whose header is missing while records behind it were forced.
			handle.force();
			return new Segment(id, finalPath, kind, this.io, handle, LogFormat.FILE_HEADER_SIZE);
		}
		catch (IOException | RuntimeException ex) {
			try {
				handle.close();
				this.io.deleteIfExists(openPath);
			}
			catch (IOException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
	}

	/** Bytes of every open segment and its hint file. */
	long diskBytes() {
		long total = 0;
		for (Segment segment : this.byId.values()) {
			total += segment.size() + segment.hintBytes();
		}
		return total;
	}

	/** Garbage bytes of every open segment. */
	long deadBytes() {
		long total = 0;
		for (Segment segment : this.byId.values()) {
			total += segment.deadBytes();
		}
		return total;
	}

	int count() {
		return this.byId.size();
	}

	void closeAll() {
		for (Segment segment : this.byId.values()) {
			segment.retire();
		}
	}

}
