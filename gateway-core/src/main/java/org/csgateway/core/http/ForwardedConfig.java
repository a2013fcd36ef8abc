package org.csgateway.core.http;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the gateway reads and writes forwarding headers.
 *
 * @param trustedProxies the networks whose forwarding headers (and {@code X-Request-Id}) are believed
 * @param mode which forwarding headers are maintained
 * @param via the pseudonym the gateway adds to {@code Via}, a token such as {@code csgateway}
 */
public record ForwardedConfig(TrustedProxies trustedProxies, ForwardedMode mode, String via) {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public ForwardedConfig {
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(via, "via");
    if (!TOKEN.matcher(via).matches()) {
      throw new IllegalArgumentException("via must be a token (letters, digits, '-', '.', ...), was '" + via + "'");
    }
  }

  /** Loopback trusted, {@code X-Forwarded-*} headers, {@code Via: 1.1 csgateway}. */
  public static ForwardedConfig defaults() {
    return new ForwardedConfig(
        TrustedProxies.of(List.of("127.0.0.1/32", "::1/128")), ForwardedMode.X_FORWARDED, "csgateway");
  }
}
