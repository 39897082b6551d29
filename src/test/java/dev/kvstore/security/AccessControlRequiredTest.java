package dev.kvstore.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link SecurityConfiguration#accessControlRequired}: accounts always mean access
 * control; without accounts the service is open on loopback, refuses to start on any
 * other address or on every interface, unless running open is asked for.
 */
class AccessControlRequiredTest {

	private static final KvSecurityProperties NO_ACCOUNTS = new KvSecurityProperties(List.of(), false);

	private static final KvSecurityProperties OPEN_ON_PURPOSE = new KvSecurityProperties(List.of(), true);

	private static final KvSecurityProperties ONE_ACCOUNT = new KvSecurityProperties(
			List.of(new KvSecurityProperties.User("writer", "{noop}x", KvSecurityProperties.Role.READ_WRITE)), false);

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "localhost", "127.0.0.2" })
	void loopbackWithoutAccountsIsOpen(String address) {
		assertThat(SecurityConfiguration.accessControlRequired(NO_ACCOUNTS, address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.0.0.0", "192.0.2.10", "::", "2001:db8::1" })
	void nonLoopbackWithoutAccountsIsRefused(String address) {
		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.accessControlRequired(NO_ACCOUNTS, address))
			.withMessageContaining(address)
			.withMessageContaining("kv.security.users")
			.withMessageContaining("kv.security.allow-unauthenticated");
	}

	@Test
	void everyInterfaceWithoutAccountsIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.accessControlRequired(NO_ACCOUNTS, null))
			.withMessageContaining("kv.security.users")
			.withMessageContaining("kv.security.allow-unauthenticated");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.0.0.0", "192.0.2.10" })
	void nonLoopbackOpenOnPurposeIsOpen(String address) {
		assertThat(SecurityConfiguration.accessControlRequired(OPEN_ON_PURPOSE, address)).isFalse();
	}

	@Test
	void everyInterfaceOpenOnPurposeIsOpen() {
		assertThat(SecurityConfiguration.accessControlRequired(OPEN_ON_PURPOSE, null)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "localhost", "0.0.0.0", "192.0.2.10" })
	void accountsAlwaysRequireCredentials(String address) {
		assertThat(SecurityConfiguration.accessControlRequired(ONE_ACCOUNT, address)).isTrue();
	}

	@Test
	void accountsOnEveryInterfaceRequireCredentials() {
		assertThat(SecurityConfiguration.accessControlRequired(ONE_ACCOUNT, null)).isTrue();
	}

}
