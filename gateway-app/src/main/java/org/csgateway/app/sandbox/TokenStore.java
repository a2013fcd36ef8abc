package org.csgateway.app.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's Doorkeeper token table: opaque access tokens (and refresh tokens) dated by the injected clock,
 * looked up by string. Like Doorkeeper ({@code AccessTokenMixin.by_token}), a lookup finds expired and revoked
 * tokens too; callers decide whether that matters. Thread-safe.
 */
final class TokenStore {
  private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

  /** One row of {@code oauth_access_tokens}. Only the revocation time changes. */
  static final class Token {
    private final String accessToken;
    private final String refreshToken;
    private final String clientId;
    private final Long userId;
    private final List<String> scopes;
    private final Instant createdAt;
    private final Duration lifetime;
    private volatile Instant revokedAt;

    Token(String accessToken, String refreshToken, String clientId, Long userId, List<String> scopes,
        Instant createdAt, Duration lifetime) {
      this.accessToken = accessToken;
      this.refreshToken = refreshToken;
      this.clientId = clientId;
      this.userId = userId;
      this.scopes = List.copyOf(scopes);
      this.createdAt = createdAt;
      this.lifetime = lifetime;
    }

    String accessToken() {
      return accessToken;
    }

    String refreshToken() {
      return refreshToken;
    }

    String clientId() {
      return clientId;
    }

    /** The resource owner, or null for a client_credentials token. */
    Long userId() {
      return userId;
    }

    List<String> scopes() {
      return scopes;
    }

    boolean hasScope(String scope) {
      return scopes.contains(scope);
    }

    Instant createdAt() {
      return createdAt;
    }

    Instant expiresAt() {
      return createdAt.plus(lifetime);
    }

    long lifetimeSeconds() {
      return lifetime.toSeconds();
    }

    /** Doorkeeper's {@code expired?}: strictly after {@code expires_at}. */
    boolean expired(Instant now) {
      return now.isAfter(expiresAt());
    }

    /** Doorkeeper's {@code revoked?}: a revocation time that has come. */
    boolean revoked(Instant now) {
      Instant at = revokedAt;
      return at != null && !at.isAfter(now);
    }

    boolean accessible(Instant now) {
      return !expired(now) && !revoked(now);
    }

    /** Doorkeeper's {@code expires_in_seconds}: the rounded remaining lifetime, never negative. */
    long expiresInSeconds(Instant now) {
      long millis = Duration.between(now, expiresAt()).toMillis();
      long seconds = Math.round(millis / 1000.0);
      return Math.max(seconds, 0);
    }

    /** Revokes now unless already revoked; true if this call revoked it. */
    synchronized boolean revoke(Instant now) {
      if (revokedAt != null) {
        return false;
      }
      revokedAt = now;
      return true;
    }
  }

  private final InstantSource clock;
  private final Duration defaultLifetime;
  private final Accounts accounts;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> byAccessToken = new ConcurrentHashMap<>();
  private final Map<String, Token> byRefreshToken = new ConcurrentHashMap<>();

  TokenStore(InstantSource clock, Duration defaultLifetime, Accounts accounts) {
    this.clock = clock;
    this.defaultLifetime = defaultLifetime;
    this.accounts = accounts;
  }

  Instant now() {
    return clock.instant();
  }

  /** Issues a token as the token endpoint does, with the configured lifetime. */
  Token issue(String clientId, Long userId, List<String> scopes, boolean withRefreshToken) {
    return store(clientId, userId, scopes, defaultLifetime, withRefreshToken);
  }

  /**
   * Issues a token for a test, skipping every grant rule; user tokens get a refresh token. A set carries no request
   * order, so the token holds its scopes sorted by name: token info and introspection answer the same on every run.
   */
  Token issueDirect(String clientId, Long userId, Set<String> scopes, Duration lifetime) {
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(lifetime, "lifetime");
    if (accounts.application(clientId) == null) {
      throw new IllegalArgumentException("unknown sandbox application '" + clientId + "'");
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
    }
    return store(clientId, userId, scopes.stream().sorted().toList(), lifetime, userId != null);
  }

  private Token store(String clientId, Long userId, List<String> scopes, Duration lifetime, boolean refresh) {
    Token token = new Token(newSecret(), refresh ? newSecret() : null, clientId, userId, scopes, now(), lifetime);
    byAccessToken.put(token.accessToken(), token);
    if (token.refreshToken() != null) {
      byRefreshToken.put(token.refreshToken(), token);
    }
    return token;
  }

  /** The token with this access token string, expired and revoked ones included; null if unknown. */
  Token find(String accessToken) {
    return accessToken == null ? null : byAccessToken.get(accessToken);
  }

  /** The token with this refresh token string, revoked ones included; null if unknown. */
  Token findByRefreshToken(String refreshToken) {
    return refreshToken == null ? null : byRefreshToken.get(refreshToken);
  }

  String refreshTokenOf(String accessToken) {
    Token token = find(accessToken);
    return token == null ? null : token.refreshToken();
  }

  /** Revokes the token with this access token string; true if it was known and not yet revoked. */
  boolean revoke(String accessToken) {
    Token token = find(accessToken);
    return token != null && token.revoke(now());
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return TOKEN_ENCODING.encodeToString(bytes); // as Doorkeeper's SecureRandom.urlsafe_base64(32): 43 characters
  }
}
