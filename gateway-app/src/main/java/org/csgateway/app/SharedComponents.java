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
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.metrics.Observability;
import org.csgateway.auth.AuthFailureListener;
import org.csgateway.auth.AuthModule;
import org.csgateway.cache.CacheInvalidator;
import org.csgateway.cache.EvictionBus;
import org.csgateway.cache.RedisEvictionBus;
import org.csgateway.cache.ResponseCache;
import org.csgateway.core.protect.UpstreamConcurrencyLimiter;
import org.csgateway.core.ratelimit.FailedAuthenticationLimiter;
import org.csgateway.core.ratelimit.LocalRateLimitStore;
import org.csgateway.core.ratelimit.RateLimitConfig;
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
 *
 * <p>A configuration reload makes a successor with {@link #reconfigured}: each part whose inputs did not change is
 * handed over as it is (the token memory, the response cache, the limiter buckets survive), the others are built
 * anew; the successor {@link #start()}s only its new parts and {@link #closeReplaced} closes only what it did not
 * take over.
 */
public final class SharedComponents {
  private static final Logger LOG = System.getLogger(SharedComponents.class.getName());
  /** Connections to the authorization server; validations are cached and collapsed, so few are busy at once. */
  private static final int AUTH_POOL_SIZE = 32;

  /** The parts a successor may take over, each with the inputs it was built from. */
  private enum Part { VERSIONS, RATE_LIMIT, AUTH, PROTECTION, CACHE }

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Clocks clocks;
  private final Observability observability;
  private final Set<Part> inherited = EnumSet.noneOf(Part.class);
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
    this(vertx, config, clocks, Observability.none(), null);
  }

  /** @param observability the metrics hooks the parts report to (it outlives reloads: successors keep it) */
  public SharedComponents(Vertx vertx, GatewayConfig config, Clocks clocks, Observability observability) {
    this(vertx, config, clocks, observability, null);
  }

  private SharedComponents(Vertx vertx, GatewayConfig config, Clocks clocks, Observability observability,
      SharedComponents previous) {
    this.observability = Objects.requireNonNull(observability, "observability");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.clocks = Objects.requireNonNull(clocks, "clocks");
    VersionPolicy configured = config.versions().policy();
    if (keeps(previous, Part.VERSIONS)) {
      discoveryClient = previous.discoveryClient;
      discovery = previous.discovery;
      versions = previous.versions;
    } else if (config.versions().enabled() && config.versions().discovery().enabled()) {
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
    if (keeps(previous, Part.RATE_LIMIT)) {
      rateLimitRedis = previous.rateLimitRedis;
      rateLimitStore = previous.rateLimitStore;
    } else if (config.rateLimit().enabled()) {
      LocalRateLimitStore local = new LocalRateLimitStore(limits.maxLocalKeys(), clocks.nanos());
      rateLimitRedis = limits.store() == RateLimitConfig.StoreKind.REDIS
          ? Redis.createClient(vertx, limits.redis().toRedisOptions()) : null;
      rateLimitStore = rateLimitRedis == null ? local
          : new RedisRateLimitStore(rateLimitRedis, limits.redis(), local, clocks.nanos(),
              observability.rateLimitListener());
    } else {
      rateLimitRedis = null;
      rateLimitStore = null;
    }
    if (keeps(previous, Part.AUTH)) {
      authClient = previous.authClient;
      auth = previous.auth;
    } else if (config.auth().enabled()) {
      authClient = WebClient.create(vertx, new WebClientOptions()
          .setConnectTimeout((int) Math.max(1, config.auth().config().timeout().toMillis()))
          .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(AUTH_POOL_SIZE));
      AuthFailureListener listener = rateLimitStore == null ? AuthFailureListener.NONE
          : new FailedAuthenticationListener(
              new FailedAuthenticationLimiter(rateLimitStore, limits.failedAuthentication()));
      auth = AuthModule.create(vertx, authClient, config.auth().config(), config.upstream().url(), listener,
          clocks.ticker(), clocks.wall(), observability.authServerListener());
    } else {
      authClient = null;
      auth = null;
    }
    if (keeps(previous, Part.PROTECTION)) {
      upstreamLimiter = previous.upstreamLimiter;
    } else {
      upstreamLimiter = config.protection().enabled() ? new UpstreamConcurrencyLimiter(vertx,
          config.protection().config(), clocks.nanos(), observability.upstreamGuardListener()) : null;
    }
    if (keeps(previous, Part.CACHE)) {
      cache = previous.cache;
      evictionBus = previous.evictionBus;
      invalidator = previous.invalidator;
    } else if (config.cache().enabled()) {
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
   * A successor for a reloaded configuration: the parts whose inputs are unchanged are taken over, the others are
   * built from {@code next}. Nothing is started or closed here; {@link #start()} the successor, then
   * {@link #closeReplaced} this one.
   */
  public SharedComponents reconfigured(GatewayConfig next) {
    return new SharedComponents(vertx, next, clocks, observability, this);
  }

  /** The parts a successor built from {@code next} can take over from this one. */
  private boolean keeps(SharedComponents previous, Part part) {
    if (previous == null || !sameInputs(previous.config, config, part)) {
      return false;
    }
    // The authentication module feeds failed attempts into the rate-limit store: it stays only with that store.
    if (part == Part.AUTH && !inherited.contains(Part.RATE_LIMIT)) {
      return false;
    }
    inherited.add(part);
    return true;
  }

  private static boolean sameInputs(GatewayConfig before, GatewayConfig after, Part part) {
    URI upstream = after.upstream().url();
    return switch (part) {
      case VERSIONS -> before.versions().equals(after.versions()) && before.upstream().url().equals(upstream);
      case RATE_LIMIT -> before.rateLimit().enabled() == after.rateLimit().enabled()
          && storeInputs(before.rateLimit().config()).equals(storeInputs(after.rateLimit().config()));
      case AUTH -> before.auth().equals(after.auth()) && before.upstream().url().equals(upstream)
          && before.rateLimit().config().failedAuthentication()
              .equals(after.rateLimit().config().failedAuthentication());
      case PROTECTION -> before.protection().equals(after.protection());
      case CACHE -> before.cache().equals(after.cache());
    };
  }

  /** The rate-limit store depends on where buckets live, not on the policies: those may change and keep them. */
  private static List<Object> storeInputs(RateLimitConfig limits) {
    return Arrays.asList(limits.store(), limits.maxLocalKeys(), limits.redis()); // redis is null for a local store
  }

  /**
   * Starts what has a lifecycle. Never fails: without its JWKS keys the gateway answers tokens 503 until they load,
   * without the upstream's version list it applies the configured one, and without the eviction channel it keeps
   * subscribing in the background (other instances' writes then age out by TTL); each is logged.
   */
  public Future<Void> start() {
    List<Future<?>> started = new ArrayList<>();
    if (auth != null && !inherited.contains(Part.AUTH)) {
      started.add(auth.start().onFailure(e -> LOG.log(Level.WARNING,
          "auth: the JWKS keys did not load at start ({0}); tokens are refused with 503 until they do",
          e.getMessage())));
    }
    if (discovery != null && !inherited.contains(Part.VERSIONS)) {
      started.add(discovery.start());
    }
    if (evictionBus != null && !inherited.contains(Part.CACHE)) {
      started.add(evictionBus.start());
    }
    return Future.join(started).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Stops timers and subscriptions and closes the clients; completes when all are closed. */
  public Future<Void> close() {
    return closeExcept(EnumSet.noneOf(Part.class));
  }

  /** Closes the parts this successor built itself, when it is not going to be used after all. */
  public Future<Void> discard() {
    return closeExcept(inherited);
  }

  /** Closes the parts of this (replaced) instance that its successor did not take over. */
  public Future<Void> closeReplaced(SharedComponents successor) {
    return closeExcept(successor.inherited);
  }

  private Future<Void> closeExcept(Set<Part> handedOver) {
    List<Future<?>> closed = new ArrayList<>();
    if (auth != null && !handedOver.contains(Part.AUTH)) {
      auth.close();
      authClient.close();
    }
    if (discovery != null && !handedOver.contains(Part.VERSIONS)) {
      discovery.stop();
      closed.add(discoveryClient.close());
    }
    if (rateLimitRedis != null && !handedOver.contains(Part.RATE_LIMIT)) {
      closed.add(rateLimitRedis.close());
    }
    if (evictionBus != null && !handedOver.contains(Part.CACHE)) {
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

  /** The metrics and access-log hooks of this gateway. */
  public Observability observability() {
    return observability;
  }

  public Optional<ResponseCache> cache() {
    return Optional.ofNullable(cache);
  }

  /** The purge API of the cache (local, and announced to other instances over Redis when configured). */
  public Optional<CacheInvalidator> cacheInvalidator() {
    return Optional.ofNullable(invalidator);
  }
}
