package dev.kvstore.engine.testing;

/**
 * The operations of the io seam that {@link FaultyIo} can make fail. Each kind has its
 * own call counter, so a test can count the operations of a run and then replay it with a
 * fault at each of them.
 */
public enum FaultKind {

	/** {@code FileHandle.write}: the bytes are not (or only partly) written. */
	WRITE,

	/** {@code FileHandle.force}: nothing becomes durable. */
	FORCE,

	/** {@code FileIo.forceDirectory}: the directory's entries do not become durable. */
	FORCE_DIRECTORY,

	/** {@code FileIo.moveAtomically}: nothing is renamed. */
	MOVE,

	/** {@code FileIo.open} with {@code CREATE_NEW}: no file is created. */
	CREATE,

	/** {@code FileIo.open} of an existing file, for reading or for writing. */
	OPEN,

	/** {@code FileIo.deleteIfExists}: the file stays. */
	DELETE,

	/** {@code FileHandle.truncate}: the file keeps its size. */
	TRUNCATE,

	/** {@code FileHandle.read}: nothing is read. */
	READ

}
