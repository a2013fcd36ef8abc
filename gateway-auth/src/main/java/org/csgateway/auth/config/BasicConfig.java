package org.csgateway.auth.config;

import java.time.Duration;

/**
 * What the gateway remembers about API credentials sent as {@code Authorization: Basic} ({@code auth.basic}). The
 * gateway cannot check them itself; it forwards them and learns from the upstream's answer. Only an HMAC-SHA256 of
 * a credential is stored.
 *
 * @param validTtl {@code auth.basic.validTtl}, default 60s: how long an accepted credential is remembered as valid
 * @param invalidTtl {@code auth.basic.invalidTtl}, default 15s: how long a rejected one is answered 401 at the
 *     gateway without asking the upstream again
 * @param hmacSecret {@code auth.basic.hmacSecret}, default null (a random per-process secret); set the same value on
 *     every node so that principal ids agree across nodes (shared rate limits)
 * @param maxEntries {@code auth.basic.maxEntries}, default 100000
 */
public record BasicConfig(Duration validTtl, Duration invalidTtl, String hmacSecret, long maxEntries) {

  public BasicConfig {
    Checks.positive("validTtl", validTtl);
    Checks.positive("invalidTtl", invalidTtl);
    if (hmacSecret != null && hmacSecret.length() < 16) {
      throw new IllegalArgumentException("hmacSecret must be at least 16 characters, was " + hmacSecret.length());
    }
    Checks.positive("maxEntries", maxEntries);
  }

  public static BasicConfig defaults() {
    return new BasicConfig(Duration.ofSeconds(60), Duration.ofSeconds(15), null, 100_000);
  }

  @Override
  public String toString() {
    return "BasicConfig[validTtl=" + validTtl + ", invalidTtl=" + invalidTtl + ", hmacSecret="
        + (hmacSecret == null ? "random" : "<set>") + ", maxEntries=" + maxEntries + "]";
  }
}
