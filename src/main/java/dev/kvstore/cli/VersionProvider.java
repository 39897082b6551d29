package dev.kvstore.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version written into the jar's manifest at packaging, so it
 * never disagrees with the build.
 */
final class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = KvCli.class.getPackage().getImplementationVersion();
		return new String[] { "kvstore-cli " + ((version != null) ? version : "(development build)") };
	}

}
