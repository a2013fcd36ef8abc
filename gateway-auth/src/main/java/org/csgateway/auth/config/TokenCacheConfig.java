package org.csgateway.auth.config;

import java.time.Duration;

/**
 * How long token validation results are remembered ({@code auth.cache}). A positive result lives until
 * {@code min(maxTtl, expiry - expirySkew)}, so a token revoked at the authorization server stops working at the
 * gateway within {@code maxTtl}; a negative one lives {@code negativeTtl}.
 *
 * @param maxTtl {@code auth.cache.maxTtl}, default 60s: the longest a positive result is trusted
 * @param negativeTtl {@code auth.cache.negativeTtl}, default 10s; 0 disables negative caching
 * @param expirySkew {@code auth.cache.expirySkew}, default 5s: how long before its expiry a token stops being cached
 * @param maxEntries {@code auth.cache.maxEntries}, default 100000
 */
public record TokenCacheConfig(Duration maxTtl, Duration negativeTtl, Duration expirySkew, long maxEntries) {

  public TokenCacheConfig {
    Checks.positive("maxTtl", maxTtl);
    Checks.notNegative("negativeTtl", negativeTtl);
    Checks.notNegative("expirySkew", expirySkew);
    Checks.positive("maxEntries", maxEntries);
  }

  public static TokenCacheConfig defaults() {
    return new TokenCacheConfig(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(5), 100_000);
  }
}
