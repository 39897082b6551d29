package dev.kvstore.security;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.restassured.RestAssured;
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
 * As configured, the service times every HTTP request, but Spring Security observes
 * nothing, and is told so: no {@code spring.security.*} meter appears.
 * {@link SecurityObservationsOnTest} shows that the same request makes them when the
 * setting is turned back on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = WebTestSupport.MEMORY)
@ContextConfiguration(initializers = FreshDataDirectory.class)
class SecurityObservationsTest {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	ObjectProvider<SecurityObservationSettings> settings;

	@Test
	void requestsAreTimedWithoutSpringSecurityObservations() {
		putOneKey(this.port);

		// A PUT with no body is sent when every filter has returned, so its observations
		// have stopped and made their meters by the time the client has the answer.
		Timer puts = this.registry.find("http.server.requests").tag("method", "PUT").timer();
		assertThat(puts).isNotNull();
		assertThat(puts.count()).isPositive();
		assertThat(securityMeterNames(this.registry)).isEmpty();
	}

	@Test
	void springSecurityIsToldToObserveNothingRatherThanToObserveWithObservationsThatDoNothing() {
		// Without these settings Spring Security wraps every filter of its chain, and the
		// property alone would only turn the wrappers' observations into no-ops.
		SecurityObservationSettings settings = this.settings.getIfAvailable();
		assertThat(settings).isNotNull();
		assertThat(settings.shouldObserveRequests()).isFalse();
		assertThat(settings.shouldObserveAuthentications()).isFalse();
		assertThat(settings.shouldObserveAuthorizations()).isFalse();
	}

	static void putOneKey(int port) {
		RestAssured.given()
			.port(port)
			.contentType("application/octet-stream")
			.body(new byte[] { 1, 2, 3 })
			.put("/keys/observed")
			.then()
			.statusCode(201);
	}

	static List<String> securityMeterNames(MeterRegistry registry) {
		return registry.getMeters()
			.stream()
			.map(Meter::getId)
			.map(Meter.Id::getName)
			.filter((name) -> name.startsWith("spring.security"))
			.distinct()
			.toList();
	}

}
