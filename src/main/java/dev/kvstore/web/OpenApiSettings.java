package dev.kvstore.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiSettings {

	@Bean
	OpenAPI kvstoreOpenApi() {
		return new OpenAPI().info(new Info().title("kvstore")
			.version("1")
			.description("A key/value store. Values are opaque bytes under UTF-8 keys; every stored value has a "
					+ "strong ETag that conditional requests (If-Match, If-None-Match) compare against atomically. "
					+ "Errors are application/problem+json (RFC 9457).")
			.license(new License().name("See the project's repository")));
	}

}
