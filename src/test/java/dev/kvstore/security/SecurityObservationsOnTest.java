package dev.kvstore.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.test.context.ContextConfiguration;

import dev.kvstore.web.FreshDataDirectory;
import dev.kvstore.web.WebTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.observations.enable.spring.security=true}, the request of
 * {@link SecurityObservationsTest} makes Spring Security's meters: the switch works both
 * ways, and that test's empty list is not empty for want of a request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestSupport.MEMORY, "management.observations.enable.spring.security=true" })
@ContextConfiguration(initializers = FreshDataDirectory.class)
class SecurityObservationsOnTest {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	ObjectProvider<SecurityObservationSettings> settings;

	@Test
	void springSecurityObservesTheRequestWhenTurnedOn() {
		SecurityObservationsTest.putOneKey(this.port);

		assertThat(this.settings.getIfAvailable()).isNull();
		assertThat(SecurityObservationsTest.securityMeterNames(this.registry)).contains("spring.security.filterchains");
	}

}
