package dev.kvstore.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;
import dev.kvstore.engine.testing.ForwardingFileHandle;
import dev.kvstore.engine.testing.ForwardingFileIo;

/**
 * Runs a task at the first write to a compaction's unfinished output, and another when
 * that output is renamed into place.
 */
final class CompactionHooks extends ForwardingFileIo {

	volatile Runnable atFirstOutputWrite;

	volatile Runnable atOutputRename;

	private final AtomicBoolean wrote = new AtomicBoolean();

	private final AtomicBoolean renamed = new AtomicBoolean();

	CompactionHooks(FileIo io) {
		super(io);
	}

	/** Whether the task at the first output write ran. */
	boolean ranAtFirstOutputWrite() {
		return this.wrote.get();
	}

	/** Whether both tasks ran. */
	boolean ranBoth() {
		return this.wrote.get() && this.renamed.get();
	}

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		FileHandle handle = super.open(file, mode);
		if (!file.getFileName().toString().endsWith(SegmentFiles.SEGMENT_SUFFIX + SegmentFiles.TEMP_SUFFIX)) {
			return handle;
		}
		return new ForwardingFileHandle(handle) {

			@Override
			public void write(ByteBuffer src, long position) throws IOException {
				Runnable task = CompactionHooks.this.atFirstOutputWrite;
				if (task != null && CompactionHooks.this.wrote.compareAndSet(false, true)) {
					task.run();
				}
				super.write(src, position);
			}

		};
	}

	@Override
	public void moveAtomically(Path source, Path target) throws IOException {
		Runnable task = this.atOutputRename;
		if (task != null && target.getFileName().toString().endsWith(SegmentFiles.SEGMENT_SUFFIX)
				&& this.renamed.compareAndSet(false, true)) {
			task.run();
		}
		super.moveAtomically(source, target);
	}

}
