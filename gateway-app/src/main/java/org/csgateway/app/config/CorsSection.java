package org.csgateway.app.config;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.csgateway.core.contract.CorsPolicy;

/**
 * The {@code cors} section: {@code enabled} (false), {@code allowedOrigins} (required when enabled:
 * {@code scheme://host[:port]} values or {@code "*"} alone), {@code allowedMethods}, {@code allowedHeaders},
 * {@code exposedHeaders} (defaults in {@link CorsPolicy}), {@code allowCredentials} (false), {@code maxAge} (10m).
 * The other keys are checked even while disabled, so that switching it on does not reveal old mistakes.
 */
final class CorsSection implements SectionParser<CorsSettings> {
  @Override
  public CorsSettings parse(ConfigNode node) {
    boolean enabled = node.bool("enabled", false);
    List<String> origins = node.strings("allowedOrigins", List.of());
    List<HttpMethod> methods = node.list("allowedMethods", CorsPolicy.DEFAULT_METHODS, ConfigValues::httpMethod);
    List<String> allowedHeaders = node.strings("allowedHeaders", CorsPolicy.DEFAULT_ALLOWED_HEADERS);
    List<String> exposedHeaders = node.strings("exposedHeaders", CorsPolicy.DEFAULT_EXPOSED_HEADERS);
    boolean allowCredentials = node.bool("allowCredentials", false);
    Duration maxAge = node.duration("maxAge", CorsPolicy.DEFAULT_MAX_AGE);
    if (enabled && origins.isEmpty()) {
      node.error("allowedOrigins", "is required when enabled is true");
    }
    if (origins.isEmpty()) {
      return node.construct(CorsSettings::disabled);
    }
    return node.construct(() -> {
      CorsPolicy policy =
          new CorsPolicy(origins, methods, allowedHeaders, exposedHeaders, allowCredentials, maxAge);
      return new CorsSettings(enabled ? Optional.of(policy) : Optional.empty());
    });
  }
}
