package dev.kvstore.engine.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.kvstore.engine.io.DiskFull;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.io.FileHandle;
import dev.kvstore.engine.io.FileIo;

/**
 * The real disk ({@link DiskIo}) with faults a test can switch on: a chosen call that
 * fails, a full disk, a power loss or a killed process. Engines take it in place of
 * {@link DiskIo#INSTANCE}; since they do all their file access through the io seam, the
 * faults reach every file they touch (as leveldb's {@code ErrorEnv} and
 * {@code fault_injection_test.cc} do).
 * <p>
 * <b>Failing calls.</b> {@link #failOnce} and {@link #failFrom} arm a fault for one
 * {@link FaultKind}, optionally only on files matching a predicate. A failing call throws
 * {@code IOException("injected fault: ...")} before touching the disk (a write may first
 * store a prefix, see {@link #setPartialWrite}). {@link #calls} counts the calls of each
 * kind, so a test can run a scenario once to count, then replay it with a fault at each
 * index.
 * <p>
 * <b>Power loss.</b> The io models the file system as a careful kernel does after a
 * crash: a file's content is durable as of its last {@code force()}, a directory's names
 * as of its last {@link #forceDirectory}. {@link #simulatePowerLoss} rewrites the seen
 * directories to that durable state. What was on disk when the io first saw a directory
 * or file counts as durable. Durable content is kept in memory, so this is for small
 * stores (a few MB).
 * <p>
 * Thread-safe: calls that change files are serialised on one lock; reads run
 * concurrently.
 */
public final class FaultyIo implements FileIo {

	private final FileIo disk = DiskIo.INSTANCE;

	private final Object lock = new Object();

	private final FaultPlan plan = new FaultPlan();

	private final DiskSpace space = new DiskSpace();

	private final DurableState state = new DurableState();

	private final Set<FaultyHandle> openHandles = ConcurrentHashMap.newKeySet();

	private volatile PartialWrite partialWrite = PartialWrite.NONE;

	// ---- Failing calls

	/**
	 * Makes the {@code nth} call of {@code kind} from now fail, once; later calls work.
	 * Models a transient I/O error.
	 * @param nth counted from 1
	 * @return the armed fault, to ask whether it fired
	 */
	public ArmedFault failOnce(FaultKind kind, long nth) {
		return failOnce(kind, nth, (path) -> true);
	}

	/**
	 * Like {@link #failOnce(FaultKind, long)}, counting only calls on files (or
	 * directories) that match {@code files}; a rename matches if its source or its target
	 * does.
	 */
	public ArmedFault failOnce(FaultKind kind, long nth, Predicate<Path> files) {
		return this.plan.arm(kind, nth, false, files);
	}

	/**
	 * Makes every call of {@code kind} fail from the {@code nth} from now on, until
	 * {@link #clearFaults} or {@link ArmedFault#disarm}. Models a device that has gone
	 * bad.
	 * @param nth counted from 1; 1 fails the very next call
	 */
	public ArmedFault failFrom(FaultKind kind, long nth) {
		return failFrom(kind, nth, (path) -> true);
	}

	/**
	 * Like {@link #failFrom(FaultKind, long)}, only on files that match {@code files}.
	 */
	public ArmedFault failFrom(FaultKind kind, long nth, Predicate<Path> files) {
		return this.plan.arm(kind, nth, true, files);
	}

	/** Disarms every armed fault; the call counters go on. */
	public void clearFaults() {
		this.plan.clear();
	}

	/**
	 * The calls of {@code kind} made since this io was created or {@link #resetCalls}.
	 */
	public long calls(FaultKind kind) {
		return this.plan.calls(kind);
	}

	/** Sets every call counter back to zero. */
	public void resetCalls() {
		this.plan.resetCalls();
	}

	/** A predicate for the files whose name ends with {@code suffix}, such as ".hint". */
	public static Predicate<Path> nameEndsWith(String suffix) {
		return (path) -> path.getFileName() != null && path.getFileName().toString().endsWith(suffix);
	}

	/**
	 * How much of a write that fails (by an injected WRITE fault or a full disk) reaches
	 * the file first; {@link PartialWrite#NONE} unless set.
	 */
	public void setPartialWrite(PartialWrite partialWrite) {
		this.partialWrite = partialWrite;
	}

	// ---- Disk space

	/**
	 * Fills or frees the disk. While full, every write, every file creation and every
	 * truncate that would grow a file fails with an {@link IOException} that
	 * {@link DiskFull#is} recognises (a write may first store a prefix, see
	 * {@link #setPartialWrite}). Reads, renames and deletes still work, as they do on a
	 * real full disk. {@code false} also lifts a budget set by {@link #setWriteBudget}.
	 */
	public void setDiskFull(boolean full) {
		this.space.setFull(full);
	}

	/** Whether the disk is full, by {@link #setDiskFull} or by a used-up budget. */
	public boolean isDiskFull() {
		return this.space.isFull();
	}

	/**
	 * Lets {@code bytes} more bytes be written, then fills the disk: the write that
	 * crosses the budget stores what fits and fails, and everything after fails as with
	 * {@link #setDiskFull setDiskFull(true)}.
	 */
	public void setWriteBudget(long bytes) {
		this.space.setBudget(bytes);
	}

	/** The bytes written to files through this io so far. */
	public long bytesWritten() {
		return this.space.written();
	}

	// ---- Crashes

	/**
	 * Models a power loss: every open handle is closed (its next use throws
	 * {@link java.nio.channels.ClosedChannelException}), each file loses what was written
	 * since its last {@code force()}, and each directory loses the creations, renames and
	 * deletes since its last {@link #forceDirectory} (a renamed file is back under its
	 * old name, a replaced target gets its old content back, a deleted file returns with
	 * its durable content). Afterwards what is on disk counts as durable; armed faults
	 * and a full disk stay as they were.
	 */
	public void simulatePowerLoss() throws IOException {
		synchronized (this.lock) {
			closeAllHandles();
			CrashApplier.apply(this.state.crashPlans());
			this.state.forget();
		}
	}

	/**
	 * Like {@link #simulatePowerLoss()}, but a file that was only appended to since its
	 * last {@code force()} keeps a prefix of random length (from none to all) of those
	 * appends, as when the kernel wrote back some pages before the power went. Recovery
	 * must then cope with a tail cut anywhere, not only at the last force. Files
	 * overwritten or truncated since their last force go back to their forced content;
	 * directory entries are undone as in {@link #simulatePowerLoss()}.
	 * @param random the source of the kept lengths; seed it to replay a failure
	 */
	public void simulatePowerLossWithTornTails(Random random) throws IOException {
		synchronized (this.lock) {
			closeAllHandles();
			CrashApplier.apply(this.state.crashPlans(random));
			this.state.forget();
		}
	}

	/**
	 * Models the process being killed: every open handle is closed, but everything
	 * written stays, since the page cache outlives the process. Unforced data is still
	 * not durable: a later {@link #simulatePowerLoss} can lose it.
	 */
	public void simulateProcessKill() throws IOException {
		synchronized (this.lock) {
			closeAllHandles();
		}
	}

	/**
	 * Forgets the crash model: what is on disk now counts as durable. For a test that
	 * changed files behind the io's back (corrupted a segment) and then wants a power
	 * loss not to undo that change.
	 */
	public void adoptDiskState() {
		synchronized (this.lock) {
			this.state.forget();
		}
	}

	// ---- Handles

	/** Handles opened through this io and not closed yet. */
	public int openHandles() {
		return this.openHandles.size();
	}

	/** The files of the handles not closed yet, one entry per handle. */
	public List<Path> openFiles() {
		List<Path> files = new ArrayList<>();
		this.openHandles.forEach((handle) -> files.add(handle.path()));
		return files;
	}

	// ---- FileIo

	@Override
	public FileHandle open(Path file, Mode mode) throws IOException {
		Path path = absolute(file);
		synchronized (this.lock) {
			FileIdentity identity;
			FileHandle handle;
			if (mode == Mode.CREATE_NEW) {
				this.plan.failIfArmed(FaultKind.CREATE, path);
				this.space.checkSpace("create " + path);
				this.state.willChange(path);
				handle = this.disk.open(path, mode);
				identity = this.state.created(path);
			}
			else {
				this.plan.failIfArmed(FaultKind.OPEN, path);
				handle = this.disk.open(path, mode);
				identity = this.state.identityOf(path);
			}
			FaultyHandle faulty = new FaultyHandle(this, path, identity, handle);
			this.openHandles.add(faulty);
			return faulty;
		}
	}

	@Override
	public void createDirectories(Path dir) throws IOException {
		this.disk.createDirectories(dir);
	}

	@Override
	public void forceDirectory(Path dir) throws IOException {
		Path path = absolute(dir);
		synchronized (this.lock) {
			this.plan.failIfArmed(FaultKind.FORCE_DIRECTORY, path);
			this.disk.forceDirectory(path);
			this.state.directoryForced(path);
		}
	}

	@Override
	public void moveAtomically(Path source, Path target) throws IOException {
		Path from = absolute(source);
		Path to = absolute(target);
		synchronized (this.lock) {
			this.plan.failIfArmed(FaultKind.MOVE, from, to);
			FileIdentity identity = this.state.identityOf(from);
			this.state.willChange(to);
			this.disk.moveAtomically(from, to);
			if (identity != null) {
				this.state.moved(from, to, identity);
			}
		}
	}

	@Override
	public void deleteIfExists(Path file) throws IOException {
		Path path = absolute(file);
		synchronized (this.lock) {
			this.plan.failIfArmed(FaultKind.DELETE, path);
			this.state.willChange(path);
			this.disk.deleteIfExists(path);
			this.state.deleted(path);
		}
	}

	@Override
	public List<Path> list(Path dir) throws IOException {
		return this.disk.list(dir);
	}

	@Override
	public boolean exists(Path file) {
		return this.disk.exists(file);
	}

	@Override
	public long size(Path file) throws IOException {
		return this.disk.size(file);
	}

	// ---- For the handles

	Object lock() {
		return this.lock;
	}

	FaultPlan plan() {
		return this.plan;
	}

	DiskSpace space() {
		return this.space;
	}

	PartialWrite partialWrite() {
		return this.partialWrite;
	}

	void closed(FaultyHandle handle) {
		this.openHandles.remove(handle);
	}

	private void closeAllHandles() throws IOException {
		for (FaultyHandle handle : List.copyOf(this.openHandles)) {
			handle.kill();
		}
	}

	private static Path absolute(Path path) {
		return path.toAbsolutePath().normalize();
	}

}
