package dev.kvstore.web;

import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.kvstore.config.KvProperties;
import dev.kvstore.config.LimitsProperties;
import dev.kvstore.security.ProblemResponses;

/**
 * Overload protection: the {@link AdmissionFilter}, and the Tomcat settings that keep
 * slow clients from holding connections and threads (with the {@code server.tomcat.*}
 * limits of application.properties).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdmissionConfiguration {

	/**
	 * Early: after the observation filter (so refusals show in
	 * {@code http.server.requests}), well before Spring Security, so a refused request
	 * costs no authentication.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	FilterRegistrationBean<AdmissionFilter> admissionFilter(LimitsProperties limits, KvProperties properties,
			ProblemResponses problems) {
		AdmissionFilter filter = new AdmissionFilter(limits.maxConcurrentRequests(),
				limits.maxBodyBytesInFlight().toBytes(), properties.maxValueBytes().toBytes(),
				limits.retryAfter().toSeconds(), problems);
		FilterRegistrationBean<AdmissionFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(ORDER);
		return registration;
	}

	/**
	 * A client that stops sending its body is dropped after
	 * {@code kv.limits.body-read-timeout} (by default Tomcat waits as long as for the
	 * headers). And {@code Expect: 100-continue} is answered only when the body is read,
	 * so a client that waits for it gets a refusal before it sends its body.
	 */
	@Bean
	TomcatConnectorCustomizer slowBodyTimeout(LimitsProperties limits) {
		return (connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
				http.setDisableUploadTimeout(false);
				http.setConnectionUploadTimeout((int) Math.min(Integer.MAX_VALUE, limits.bodyReadTimeout().toMillis()));
				http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
			}
		};
	}

}
