package dev.kvstore.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes nothing while
 * {@code management.observations.enable.spring.security} is {@code false}, as
 * application.properties sets it: its filter chain is then not wrapped at all, rather
 * than wrapped in observations that do nothing.
 *
 * <p>
 * Why: observed, every request went through an observation around each of the chain's
 * dozen filters, each with its events turned into meters, which took about a quarter of
 * the CPU of a memory engine PUT and cost the service a quarter of its PUTs a second
 * ({@code docs/benchmarks.md}, "Spring Security's observations"). The request's own
 * observation ({@code http.server.requests}) and the engine's meters stay. An operator
 * who wants Spring Security's spans and meters sets the property to {@code true}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
class SecurityObservationConfiguration {

	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

}
