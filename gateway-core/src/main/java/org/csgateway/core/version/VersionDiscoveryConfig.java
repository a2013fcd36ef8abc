package org.csgateway.core.version;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway learns the accepted API versions from the upstream's {@code GET /api/version}
 * ({@code api_available_versions}). Immutable and validated on creation.
 *
 * <p>YAML ({@code versions.discovery:}): {@code enabled} (default false), {@code path} (default
 * {@code /api/version}), {@code interval} (default 5m), {@code timeout} (default 2s), {@code authorization}
 * (default none; a secret: set it from the environment). The upstream answers {@code /api/version} only to a caller
 * with a user (Basic API credentials, {@code Basic base64(key:secret)}) or to a token with the {@code public} or
 * {@code admin_read} scope ({@code Bearer <token>}); without one it answers 401 and the YAML policy stays in force.
 * Beware that a bearer token expires (2 hours by default upstream): prefer Basic credentials of a dedicated user.
 *
 * @param enabled whether to ask the upstream at all
 * @param path the path of the version endpoint
 * @param interval how often to ask again after start
 * @param timeout how long one attempt may take, connect to last byte
 * @param authorization the {@code Authorization} header value to send, or null for none; never logged
 */
public record VersionDiscoveryConfig(
    boolean enabled, String path, Duration interval, Duration timeout, String authorization) {

  public static final String DEFAULT_PATH = "/api/version";
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public VersionDiscoveryConfig {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
    }
    if (interval.toMillis() <= 0) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (timeout.toMillis() <= 0) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (authorization != null && (authorization.isBlank() || authorization.indexOf('\r') >= 0
        || authorization.indexOf('\n') >= 0)) {
      throw new IllegalArgumentException("authorization must be a single non-blank header value");
    }
  }

  /** Discovery switched on with the defaults and this {@code Authorization} value (may be null). */
  public static VersionDiscoveryConfig enabledWith(String authorization) {
    return new VersionDiscoveryConfig(true, DEFAULT_PATH, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, authorization);
  }

  /** Keeps the credential out of logs and error messages. */
  @Override
  public String toString() {
    return "VersionDiscoveryConfig[enabled=" + enabled + ", path=" + path + ", interval=" + interval
        + ", timeout=" + timeout + ", authorization=" + (authorization == null ? "none" : "***") + "]";
  }
}
