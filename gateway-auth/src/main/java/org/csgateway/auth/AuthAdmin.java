package org.csgateway.auth;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Objects;
import org.csgateway.auth.basic.BasicCredentialMemory;
import org.csgateway.auth.token.TokenValidationCache;

/**
 * What the admin API may do to the gateway's memory of credentials: evict one token (by its SHA-256, so the
 * operator never sends a live token to the admin port), every token of a principal, or everything; read the
 * counters. Thread-safe; every call is cheap except {@link #evictPrincipal}, which scans the cache.
 */
public final class AuthAdmin {
  private static final String BASIC_PREFIX = "basic:";

  private final TokenValidationCache tokens;
  private final BasicCredentialMemory basic;

  public AuthAdmin(TokenValidationCache tokens, BasicCredentialMemory basic) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.basic = Objects.requireNonNull(basic, "basic");
  }

  /**
   * Forgets one token, named by the lower- or upper-case hex SHA-256 of the token
   * ({@code printf %s "$TOKEN" | sha256sum}).
   *
   * @return whether the token was cached
   * @throws IllegalArgumentException unless the hash is 64 hex digits (answer 400)
   */
  public boolean evictTokenHash(String sha256Hex) {
    return tokens.evictTokenHash(sha256Hex);
  }

  /**
   * Forgets every cached token of a principal ("user:42/app:abc", "app:abc") or the remembered verdict of a Basic
   * credential ("basic:...").
   *
   * @return how many entries were forgotten
   */
  public long evictPrincipal(String principalId) {
    Objects.requireNonNull(principalId, "principalId");
    if (principalId.startsWith(BASIC_PREFIX)) {
      return basic.evict(principalId.substring(BASIC_PREFIX.length())) ? 1 : 0;
    }
    return tokens.evictPrincipal(principalId);
  }

  /** Forgets every token verdict and every Basic verdict; returns about how many there were. */
  public long evictAll() {
    return tokens.evictAll() + basic.evictAll();
  }

  public Stats stats() {
    return new Stats(tokens.stats(), tokens.estimatedSize(), basic.estimatedSize());
  }

  /**
   * Counters for metrics.
   *
   * @param tokenCache hits, misses (each miss is one call to the authorization server), evictions
   * @param tokenEntries about how many token verdicts are cached
   * @param basicEntries about how many Basic verdicts are remembered
   */
  public record Stats(CacheStats tokenCache, long tokenEntries, long basicEntries) {}
}
