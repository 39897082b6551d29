package dev.kvstore.engine.file;

import java.io.IOException;

import dev.kvstore.engine.CorruptionException;
import dev.kvstore.engine.Precondition;
import dev.kvstore.engine.PreconditionFailedException;

/**
 * A key's state as a write sees it, under the key's lock: whether its file exists and how
 * big it is, once the write's precondition has been checked against the version on disk.
 *
 * @param present whether the key has a value file
 * @param fileSize the size of that file, 0 if absent
 */
record CurrentState(boolean present, long fileSize) {

	/**
	 * Reads the head of the key's file and checks {@code precondition} against its
	 * version. A file whose head is damaged counts as present with an unknown version: an
	 * unconditional write may replace it (that is how a damaged value is repaired), a
	 * conditional one fails with the corruption.
	 * @throws PreconditionFailedException if the precondition does not hold
	 */
	static CurrentState check(ValueFiles files, String name, byte[] key, Precondition precondition) throws IOException {
		ValueFiles.Stored stored;
		try {
			stored = files.read(name, key, false);
		}
		catch (CorruptionException ex) {
			if (precondition instanceof Precondition.None) {
				return new CurrentState(true, files.size(name));
			}
			throw ex;
		}
		Long version = (stored != null) ? stored.version() : null;
		if (!precondition.test(version)) {
			throw new PreconditionFailedException("precondition " + precondition + " does not hold, current version is "
					+ ((version != null) ? version : "absent"));
		}
		return new CurrentState(stored != null, (stored != null) ? stored.fileSize() : 0);
	}

}
