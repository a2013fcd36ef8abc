package org.csgateway.auth.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code auth:} block: how callers are authenticated and how the answers are shaped.
 *
 * <pre>
 * auth:
 *   strategy: computestacks         # computestacks | introspection | jwt, with the matching block below
 *   invalidTokenStatus: 401         # 401 (RFC 6750 and the upstream) or 403 (what the public docs say)
 *   timeout: 2s                     # bound on every call to the authorization server or JWKS URL
 *   cache: {maxTtl: 60s, negativeTtl: 10s, expirySkew: 5s, maxEntries: 100000}
 *   basic: {validTtl: 60s, invalidTtl: 15s, hmacSecret: null, maxEntries: 100000}
 *   computestacks: {tokenInfoUrl: null}
 *   introspection: {url: ..., clientId: ..., clientSecret: ...}
 *   jwt: {jwksUrl: ..., issuer: ..., audiences: [], clockSkew: 30s, refreshInterval: 5m, minRefreshInterval: 30s}
 * </pre>
 *
 * When the authorization server is unreachable, times out or answers 5xx, token-protected requests fail closed
 * with 503; there is deliberately no switch to let unvalidated tokens through (the upstream would skip every scope
 * check for a token with a user). Basic credentials are checked by the upstream itself, so they need no
 * authorization server.
 *
 * @param strategy how bearer tokens are validated ({@code auth.strategy} and its block)
 * @param invalidTokenStatus {@code auth.invalidTokenStatus}: 401 (default) or 403 for a missing or invalid token
 * @param timeout {@code auth.timeout}, default 2s
 * @param cache {@code auth.cache}
 * @param basic {@code auth.basic}
 */
public record AuthConfig(
    TokenStrategy strategy, int invalidTokenStatus, Duration timeout, TokenCacheConfig cache, BasicConfig basic) {

  public AuthConfig {
    Objects.requireNonNull(strategy, "strategy");
    if (invalidTokenStatus != 401 && invalidTokenStatus != 403) {
      throw new IllegalArgumentException("invalidTokenStatus must be 401 or 403, was " + invalidTokenStatus);
    }
    Checks.positive("timeout", timeout);
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(basic, "basic");
  }

  /** The defaults: the {@code computestacks} strategy on the upstream, 401, 2s, default cache and Basic settings. */
  public static AuthConfig defaults() {
    return new AuthConfig(new TokenStrategy.ComputeStacks(null), 401, Duration.ofSeconds(2),
        TokenCacheConfig.defaults(), BasicConfig.defaults());
  }

  public AuthConfig withStrategy(TokenStrategy newStrategy) {
    return new AuthConfig(newStrategy, invalidTokenStatus, timeout, cache, basic);
  }
}
