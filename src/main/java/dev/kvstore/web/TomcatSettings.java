package dev.kvstore.web;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat settings that keys and errors need: an encoded slash in a key's path is passed
 * on (the controller decodes it to {@code /}) rather than refused, so is an encoded
 * backslash (an ordinary character of a key), and the errors Tomcat answers itself,
 * before any servlet runs (a URL that is not valid UTF-8, say), are problem details too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class TomcatSettings {

	@Bean
	TomcatConnectorCustomizer encodedSlashesPassThrough() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			// a backslash is an ordinary character of a key, never a path separator
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

	@Bean
	TomcatContextCustomizer problemErrorReports() {
		return (context) -> {
			Container parent = context.getParent();
			if (parent instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		};
	}

}
