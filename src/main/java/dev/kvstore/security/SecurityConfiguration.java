package dev.kvstore.security;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may do what. With no accounts configured the service is open, which is allowed only
 * while it listens on a loopback address (the default) or when the operator opts out in
 * so many words; otherwise startup fails and says how to configure accounts. With
 * accounts, HTTP Basic is required: a read-only account may read and list, a read-write
 * account may do everything. {@code /actuator/health} and the API documentation stay
 * open.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

	static final String READER = "READER";

	static final String WRITER = "WRITER";

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, KvSecurityProperties properties,
			@Value("${server.address:#{null}}") String address, ProblemResponses problems) throws Exception {
		boolean enabled = accessControlRequired(properties, address);
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((request, response, ex) -> problems.write(response, HttpStatus.UNAUTHORIZED,
						"unauthorized", "Unauthorized", "credentials are required", "Basic realm=\"kvstore\""))
				.accessDeniedHandler((request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
						"forbidden", "Forbidden", "this account may not do that", null)));
		if (!enabled) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}
		http.httpBasic((basic) -> basic
			.authenticationEntryPoint((request, response, ex) -> problems.write(response, HttpStatus.UNAUTHORIZED,
					"unauthorized", "Unauthorized", "credentials are required", "Basic realm=\"kvstore\"")))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/keys", "/keys/**", "/dashboard", "/dashboard/**")
				.hasAnyRole(READER, WRITER)
				.requestMatchers(HttpMethod.HEAD, "/keys/**")
				.hasAnyRole(READER, WRITER)
				.anyRequest()
				.hasRole(WRITER));
		return http.build();
	}

	/**
	 * Whether HTTP requests must carry credentials.
	 * @throws IllegalStateException if the service would listen beyond loopback with no
	 * access control and no explicit opt-out
	 */
	static boolean accessControlRequired(KvSecurityProperties properties, String address) {
		if (!properties.users().isEmpty()) {
			return true;
		}
		if (isLoopback(address)) {
			return false;
		}
		if (properties.allowUnauthenticated()) {
			logger.warn("Access control is OFF on {}: anyone who can reach it can read, write and delete",
					(address != null) ? address : "every network interface");
			return false;
		}
		throw new IllegalStateException("kvstore would listen on " + ((address != null) ? address : "every interface")
				+ ", beyond loopback, with no access control. Configure an account: kv.security.users[0].name=..., "
				+ "kv.security.users[0].password={bcrypt}<hash> (for example from 'htpasswd -nbBC 10 NAME PASSWORD'), "
				+ "kv.security.users[0].role=read-write or read-only; or set "
				+ "kv.security.allow-unauthenticated=true to run open on purpose. See docs/operations.md.");
	}

	private static boolean isLoopback(String address) {
		if (address == null || address.isBlank()) {
			return false;
		}
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(KvSecurityProperties properties) {
		List<UserDetails> users = properties.users()
			.stream()
			.map((user) -> User.withUsername(user.name())
				.password(user.password())
				.roles((user.role() == KvSecurityProperties.Role.READ_WRITE) ? new String[] { READER, WRITER }
						: new String[] { READER })
				.build())
			.toList();
		return new InMemoryUserDetailsManager(users);
	}

	/**
	 * Keys may hold characters the default firewall refuses in a URL: an encoded percent
	 * sign, an encoded slash (the same as {@code /} here), an encoded backslash, a
	 * semicolon. They are decoded once, into bytes, by the controller, and checked by the
	 * key rules.
	 */
	@Bean
	StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedPercent(true);
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowSemicolon(true);
		firewall.setAllowBackSlash(true);
		return firewall;
	}

	/** A URL the firewall refuses gets a problem detail like every other error. */
	@Bean
	RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
		return (request, response, ex) -> problems.write(response, HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
				"the URL holds characters that are not allowed", null);
	}

}
