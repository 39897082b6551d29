package dev.kvstore.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers the {@link DeferredAnswerFilter}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DeferredAnswerConfiguration {

	/**
	 * The outermost filter, outside the observation filter and Spring Security, so that
	 * every other filter has left a response before an answer written by another thread
	 * touches it.
	 */
	@Bean
	FilterRegistrationBean<DeferredAnswerFilter> deferredAnswerFilter() {
		FilterRegistrationBean<DeferredAnswerFilter> registration = new FilterRegistrationBean<>(
				new DeferredAnswerFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
