package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.auth.AuthFailureListener;
import org.csgateway.auth.AuthModule;
import org.csgateway.cache.CacheInvalidator;
import org.csgateway.cache.EvictionBus;
import org.csgateway.cache.RedisEvictionBus;
import org.csgateway.cache.ResponseCache;
import org.csgateway.core.protect.UpstreamConcurrencyLimiter;
import org.csgateway.core.protect.UpstreamGuardListener;
import org.csgateway.core.ratelimit.FailedAuthenticationLimiter;
import org.csgateway.core.ratelimit.LocalRateLimitStore;
import org.csgateway.core.ratelimit.RateLimitConfig;
import org.csgateway.core.ratelimit.RateLimitListener;
import org.csgateway.core.ratelimit.RateLimitStore;
import org.csgateway.core.ratelimit.RedisRateLimitStore;
import org.csgateway.core.version.VersionDiscovery;
import org.csgateway.core.version.VersionPolicy;

/**
 * What every event loop of one gateway shares, built once from the configuration: the authentication module, the
 * version policy (learned from the upstream when discovery is on), the rate-limit store and failed-authentication
 * budget, the upstream concurrency limiter, and the response cache with its invalidator. A part whose feature is
 * switched off is absent. {@link #start()} before the listeners open (loads JWKS keys, asks the upstream for its
 * versions, subscribes to cache evictions); {@link #close()} after they closed. All parts are thread-safe.
 */
public final class SharedComponents {
  private static final Logger LOG = System.getLogger(SharedComponents.class.getName());
  /** Connections to the authorization server; validations are cached and collapsed, so few are busy at once. */
  private static final int AUTH_POOL_SIZE = 32;

  private final Supplier<VersionPolicy> versions;
  private final VersionDiscovery discovery;
  private final HttpClient discoveryClient;
  private final RateLimitStore rateLimitStore;
  private final Redis rateLimitRedis;
  private final AuthModule auth;
  private final WebClient authClient;
  private final UpstreamConcurrencyLimiter upstreamLimiter;
  private final ResponseCache cache;
  private final RedisEvictionBus evictionBus;
  private final CacheInvalidator invalidator;

  /**
   * @param config the configuration as started: its upstream URL is the sandbox's when the sandbox runs
   * @param clocks the time sources of the caches and limiters
   */
  public SharedComponents(Vertx vertx, GatewayConfig config, Clocks clocks) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clocks, "clocks");
    VersionPolicy configured = config.versions().policy();
    if (config.versions().enabled() && config.versions().discovery().enabled()) {
      discoveryClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
      discovery = new VersionDiscovery(vertx, discoveryClient, config.upstream().url(),
          config.versions().discovery(), configured);
      versions = discovery;
    } else {
      discoveryClient = null;
      discovery = null;
      versions = () -> configured;
    }
    RateLimitConfig limits = config.rateLimit().config();
    if (config.rateLimit().enabled()) {
      LocalRateLimitStore local = new LocalRateLimitStore(limits.maxLocalKeys(), clocks.nanos());
      rateLimitRedis = limits.store() == RateLimitConfig.StoreKind.REDIS
          ? Redis.createClient(vertx, limits.redis().toRedisOptions()) : null;
      rateLimitStore = rateLimitRedis == null ? local
          : new RedisRateLimitStore(rateLimitRedis, limits.redis(), local, clocks.nanos(), RateLimitListener.NONE);
    } else {
      rateLimitRedis = null;
      rateLimitStore = null;
    }
    if (config.auth().enabled()) {
      authClient = WebClient.create(vertx, new WebClientOptions()
          .setConnectTimeout((int) Math.max(1, config.auth().config().timeout().toMillis()))
          .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(AUTH_POOL_SIZE));
      AuthFailureListener listener = rateLimitStore == null ? AuthFailureListener.NONE
          : new FailedAuthenticationListener(
              new FailedAuthenticationLimiter(rateLimitStore, limits.failedAuthentication()));
      auth = AuthModule.create(vertx, authClient, config.auth().config(), config.upstream().url(), listener,
          clocks.ticker(), clocks.wall());
    } else {
      authClient = null;
      auth = null;
    }
    upstreamLimiter = config.protection().enabled() ? new UpstreamConcurrencyLimiter(vertx,
        config.protection().config(), clocks.nanos(), UpstreamGuardListener.NONE) : null;
    if (config.cache().enabled()) {
      cache = new ResponseCache(config.cache().config(), clocks.ticker());
      evictionBus = config.cache().redis().map(redis -> new RedisEvictionBus(vertx, redis, cache)).orElse(null);
      invalidator = new CacheInvalidator(cache, evictionBus == null ? EvictionBus.localOnly() : evictionBus);
    } else {
      cache = null;
      evictionBus = null;
      invalidator = null;
    }
  }

  /**
   * Starts what has a lifecycle. Never fails: without its JWKS keys the gateway answers tokens 503 until they load,
   * without the upstream's version list it applies the configured one, and without the eviction channel it keeps
   * subscribing in the background (other instances' writes then age out by TTL); each is logged.
   */
  public Future<Void> start() {
    List<Future<?>> started = new ArrayList<>();
    if (auth != null) {
      started.add(auth.start().onFailure(e -> LOG.log(Level.WARNING,
          "auth: the JWKS keys did not load at start ({0}); tokens are refused with 503 until they do",
          e.getMessage())));
    }
    if (discovery != null) {
      started.add(discovery.start());
    }
    if (evictionBus != null) {
      started.add(evictionBus.start());
    }
    return Future.join(started).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Stops timers and subscriptions and closes the clients; completes when all are closed. */
  public Future<Void> close() {
    List<Future<?>> closed = new ArrayList<>();
    if (auth != null) {
      auth.close();
      authClient.close();
    }
    if (discovery != null) {
      discovery.stop();
      closed.add(discoveryClient.close());
    }
    if (rateLimitRedis != null) {
      closed.add(rateLimitRedis.close());
    }
    if (evictionBus != null) {
      closed.add(evictionBus.close());
    }
    return Future.join(closed).<Void>mapEmpty().otherwiseEmpty();
  }

  /** The version policy in force now (learned from the upstream, or configured). */
  public Supplier<VersionPolicy> versions() {
    return versions;
  }

  public Optional<AuthModule> auth() {
    return Optional.ofNullable(auth);
  }

  /** The store of the rate limits and the failed-authentication budget, when rate limiting is enabled. */
  public Optional<RateLimitStore> rateLimitStore() {
    return Optional.ofNullable(rateLimitStore);
  }

  public Optional<UpstreamConcurrencyLimiter> upstreamLimiter() {
    return Optional.ofNullable(upstreamLimiter);
  }

  public Optional<ResponseCache> cache() {
    return Optional.ofNullable(cache);
  }

  /** The purge API of the cache (local, and announced to other instances over Redis when configured). */
  public Optional<CacheInvalidator> cacheInvalidator() {
    return Optional.ofNullable(invalidator);
  }
}
