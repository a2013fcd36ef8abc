package org.csgateway.auth.token;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.csgateway.auth.config.TokenCacheConfig;
import org.csgateway.auth.token.TokenVerdict.Valid;
import org.csgateway.core.identity.Sha256;

/**
 * Remembers token verdicts, keyed by the SHA-256 of the token (never the token itself). A positive verdict lives
 * until {@code min(maxTtl, expiry - expirySkew)}, a negative one {@code negativeTtl}; a failure to ask the server is
 * shared by the requests that waited on that call and then forgotten. Concurrent validations of one token share one
 * call to the authorization server: the in-flight future is the cache entry. Thread-safe; futures complete on the
 * caller's Vert.x context.
 */
public final class TokenValidationCache {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final TokenValidator validator;
  private final TokenCacheConfig config;
  private final InstantSource clock;
  private final Ticker ticker;
  private final AuthServerListener serverListener;
  private final AsyncCache<String, Outcome> cache;

  /**
   * @param validator asks the authorization server
   * @param config lifetimes and size
   * @param ticker Caffeine's nano clock for entry expiry (a fake one in tests)
   * @param clock wall time, to turn a token's expiry instant into a remaining lifetime; must agree with the ticker
   */
  public TokenValidationCache(TokenValidator validator, TokenCacheConfig config, Ticker ticker, InstantSource clock) {
    this(validator, config, ticker, clock, AuthServerListener.NONE);
  }

  /** @param serverListener told how long each call to the authorization server took, and how it ended */
  public TokenValidationCache(TokenValidator validator, TokenCacheConfig config, Ticker ticker, InstantSource clock,
      AuthServerListener serverListener) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.serverListener = Objects.requireNonNull(serverListener, "serverListener");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = Caffeine.newBuilder()
        .maximumSize(config.maxEntries())
        .expireAfter(new VerdictExpiry())
        .ticker(Objects.requireNonNull(ticker, "ticker"))
        .executor(Runnable::run) // maintenance is small; running it inline keeps it off shared pools
        .recordStats()
        .buildAsync();
  }

  /**
   * The cache key of a token: its SHA-256 as 64 lower-case hex digits (what the admin API takes). Compute it once
   * per request and pass it on.
   */
  public static String hash(String token) {
    return Sha256.hex(token);
  }

  /** The verdict for this token, from the cache or from one shared call to the authorization server. */
  public Future<TokenVerdict> validate(String token) {
    return validate(token, hash(token));
  }

  /**
   * {@link #validate(String)} for a token whose {@link #hash(String)} is already known.
   *
   * @param tokenHash the token's {@link #hash(String)}
   */
  public Future<TokenVerdict> validate(String token, String tokenHash) {
    CompletableFuture<Outcome> outcome = cache.get(tokenHash, (key, executor) -> ask(token));
    Context context = Vertx.currentContext();
    Future<Outcome> result =
        context == null ? Future.fromCompletionStage(outcome) : Future.fromCompletionStage(outcome, context);
    return result.compose(
        o -> o.failure() == null ? Future.succeededFuture(o.verdict()) : Future.failedFuture(o.failure()));
  }

  /**
   * Whether the token has a positive verdict in the cache now. Does not count as a cache access (no statistics,
   * no call to the server).
   */
  public boolean isKnownValid(String token) {
    return isKnownValidHash(hash(token));
  }

  /** {@link #isKnownValid(String)} for a token whose {@link #hash(String)} is already known. */
  public boolean isKnownValidHash(String tokenHash) {
    CompletableFuture<Outcome> outcome = cache.asMap().get(tokenHash);
    return outcome != null && outcome.isDone() && !outcome.isCompletedExceptionally()
        && outcome.join().verdict() instanceof Valid;
  }

  /**
   * Asks the server. A failure is kept as a value that expires at once rather than as a failed future, so that
   * the requests waiting on this call share it without Caffeine logging every outage as a load failure.
   */
  private CompletableFuture<Outcome> ask(String token) {
    Future<TokenVerdict> verdict;
    long start = ticker.read();
    try {
      verdict = validator.validate(token);
    } catch (RuntimeException e) {
      verdict = Future.failedFuture(e);
    }
    if (serverListener != AuthServerListener.NONE) {
      verdict = verdict.andThen(result -> serverListener.onValidation(result.failed() ? AuthServerListener.Outcome.ERROR
          : result.result() instanceof Valid ? AuthServerListener.Outcome.VALID : AuthServerListener.Outcome.INVALID,
          ticker.read() - start));
    }
    return verdict.transform(result -> Future.succeededFuture(
            result.succeeded() ? new Outcome(result.result(), null) : new Outcome(null, result.cause())))
        .toCompletionStage().toCompletableFuture();
  }

  /** Forgets a token (a revocation seen through the gateway), including a validation still in flight. */
  public boolean evictToken(String token) {
    return cache.asMap().remove(hash(token)) != null;
  }

  /**
   * Forgets a token by its hash (admin API).
   *
   * @throws IllegalArgumentException unless the hash is 64 hex digits
   */
  public boolean evictTokenHash(String sha256Hex) {
    String key = Objects.requireNonNull(sha256Hex, "sha256Hex").toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(key).matches()) {
      throw new IllegalArgumentException("a token hash must be 64 hex digits (SHA-256)");
    }
    return cache.asMap().remove(key) != null;
  }

  /** Forgets every token of this principal id ("user:42/app:abc"); returns how many were forgotten. */
  public int evictPrincipal(String principalId) {
    Objects.requireNonNull(principalId, "principalId");
    int[] removed = {0};
    cache.synchronous().asMap().entrySet().removeIf(entry -> {
      boolean match = entry.getValue().verdict() instanceof Valid valid && valid.principal().id().equals(principalId);
      removed[0] += match ? 1 : 0;
      return match;
    });
    return removed[0];
  }

  /** Forgets everything; returns about how many entries there were. */
  public long evictAll() {
    long size = cache.synchronous().estimatedSize();
    cache.synchronous().invalidateAll();
    return size;
  }

  /** Hits, misses (= calls to the authorization server), evictions: for metrics. */
  public CacheStats stats() {
    return cache.synchronous().stats();
  }

  public long estimatedSize() {
    return cache.synchronous().estimatedSize();
  }

  private long lifetimeNanos(Outcome outcome) {
    if (outcome.failure() != null) {
      return 0;
    }
    if (!(outcome.verdict() instanceof Valid valid)) {
      return config.negativeTtl().toNanos();
    }
    Duration lifetime = config.maxTtl();
    Instant expiresAt = valid.principal().expiresAt();
    if (expiresAt != null) {
      Duration remaining = Duration.between(clock.instant(), expiresAt.minus(config.expirySkew()));
      if (remaining.compareTo(lifetime) < 0) {
        lifetime = remaining.isNegative() ? Duration.ZERO : remaining;
      }
    }
    return lifetime.toNanos();
  }

  /** A verdict, or why the server could not be asked. */
  private record Outcome(TokenVerdict verdict, Throwable failure) {}

  private final class VerdictExpiry implements Expiry<String, Outcome> {
    @Override
    public long expireAfterCreate(String key, Outcome outcome, long currentTime) {
      return lifetimeNanos(outcome);
    }

    @Override
    public long expireAfterUpdate(String key, Outcome outcome, long currentTime, long currentDuration) {
      return lifetimeNanos(outcome);
    }

    @Override
    public long expireAfterRead(String key, Outcome outcome, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
