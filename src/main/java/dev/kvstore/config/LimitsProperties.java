package dev.kvstore.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much work the service accepts at once ({@code kv.limits.*}); beyond it a request
 * gets 503 with {@code Retry-After} instead of a share of the heap.
 * {@code docs/operations.md} says how to tune them.
 *
 * @param maxConcurrentRequests requests being served at once, health checks aside
 * @param maxBodyBytesInFlight bytes of request bodies being received at once, counted
 * from each request's declared {@code Content-Length} (a body without one counts as
 * {@code kv.max-value-bytes})
 * @param retryAfter what the {@code Retry-After} header of a 503 says, in whole seconds
 * @param bodyReadTimeout how long the service waits for the next bytes of a request body
 * before giving up on the client (Tomcat's {@code connectionUploadTimeout})
 */
@ConfigurationProperties("kv.limits")
@Validated
public record LimitsProperties(@DefaultValue("64") @Min(1) int maxConcurrentRequests,
		@DefaultValue("128MB") @NotNull DataSize maxBodyBytesInFlight, @DefaultValue("1s") @NotNull Duration retryAfter,
		@DefaultValue("20s") @NotNull Duration bodyReadTimeout) {

}
