package dev.kvstore.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access control ({@code kv.security.*}); {@code docs/operations.md} explains it.
 *
 * @param users the accounts allowed in with HTTP Basic; none means no access control,
 * which is allowed only on a loopback address unless {@code allowUnauthenticated} says
 * otherwise
 * @param allowUnauthenticated run without access control on a non-loopback address, on
 * purpose
 */
@ConfigurationProperties("kv.security")
@Validated
public record KvSecurityProperties(@DefaultValue List<@Valid User> users,
		@DefaultValue("false") boolean allowUnauthenticated) {

	/** What an account may do. */
	public enum Role {

		/** Read values and list keys. */
		READ_ONLY,

		/** Everything: write, delete, compact, and the Actuator endpoints. */
		READ_WRITE

	}

	/**
	 * An account.
	 *
	 * @param name the user name
	 * @param password the password's hash with its algorithm, such as
	 * {@code {bcrypt}$2a$10$...}; never the password itself
	 * @param role what the account may do
	 */
	public record User(@NotBlank String name, @NotBlank String password, @NotNull Role role) {

	}

}
