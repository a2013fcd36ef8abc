package org.csgateway.app.config;

import java.net.URI;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.csgateway.core.contract.ErrorShapePolicy;
import org.csgateway.core.ratelimit.RateLimitConfig;
import org.csgateway.core.routing.RoutingConfig;

/**
 * Which sections the configuration file has, and how they make a {@link GatewayConfig}. To add a section: write its
 * {@link SectionParser} (a small class next to the others), read it here with {@code root.section("name", parser)}
 * and add its record to {@link GatewayConfig}. Keys of a section nobody reads are reported as unknown.
 */
final class GatewayConfigReader {
  private final ConfigResources resources;
  private final IntSupplier cores;

  GatewayConfigReader(ConfigResources resources, IntSupplier cores) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.cores = Objects.requireNonNull(cores, "cores");
  }

  GatewayConfig read(ConfigNode root) {
    SandboxConfig sandbox = root.section("sandbox", new SandboxSection());
    ServerConfig server = root.section("server", new ServerSection(cores, resources));
    AdminConfig admin = root.section("admin", new AdminSection());
    UpstreamSection.Parts upstream = root.section("upstream", upstreamSection(sandbox).withFiles(resources));
    RoutingConfig routes = root.section("routes", new RoutesSection(resources));
    RouteNames routeNames = new RouteNames(routes);
    AuthSettings auth = root.section("auth", new AuthSection());
    VersionSettings versions = root.section("versions", new VersionsSection());
    PaginationSettings pagination = root.section("pagination", new PaginationSection());
    ErrorShapePolicy errors = root.section("errors", new ErrorsSection());
    CorsSettings cors = root.section("cors", new CorsSection());
    RateLimitSettings rateLimit = root.section("rateLimit", new RateLimitSection(routeNames));
    CacheSettings cache = root.section("cache", new CacheSection(routeNames));
    HealthSettings health = root.section("health", new HealthSection());
    ReloadSettings reload = root.section("reload", new ReloadSection());
    ShutdownSettings shutdown = root.section("shutdown", new ShutdownSection());
    MetricsSettings metrics = root.section("metrics", new MetricsSection());
    AccessLogSettings accessLog = root.section("accessLog", new AccessLogSection());
    checkCacheNeeds(root, cache, auth, versions);
    checkSharedIdentities(root, auth, rateLimit, cache);
    checkHealthNeeds(root, health, rateLimit, cache);
    return root.construct(() -> new GatewayConfig(server, admin, upstream.connection(), upstream.protection(), routes,
        sandbox, auth, versions, pagination, errors, cors, rateLimit, cache, health, reload, shutdown, metrics,
        accessLog));
  }

  /**
   * The cache keys every entry on the caller and the normalized version, so without the stages that establish them
   * it would bypass every request: refuse that rather than run a cache that never caches.
   */
  private static void checkCacheNeeds(ConfigNode root, CacheSettings cache, AuthSettings auth,
      VersionSettings versions) {
    if (cache == null || !cache.enabled()) {
      return;
    }
    if (auth != null && !auth.enabled()) {
      root.error("cache", "enabled needs auth.enabled: true (entries belong to the authenticated caller)");
    }
    if (versions != null && !versions.enabled()) {
      root.error("cache", "enabled needs versions.enabled: true (entries are keyed on the normalized version)");
    }
  }

  /**
   * Instances that share state through Redis (rate-limit buckets, cache evictions) must agree on who a caller is.
   * A Basic caller's principal id is a keyed hash of the credential, keyed per process unless
   * {@code auth.basic.hmacSecret} is set, so without it every instance would see a different caller: each would
   * grant the full limit (N instances, N times the limit) and a write's eviction would miss the other instances.
   */
  private static void checkSharedIdentities(ConfigNode root, AuthSettings auth, RateLimitSettings rateLimit,
      CacheSettings cache) {
    if (auth == null || !auth.enabled() || auth.config().basic().hmacSecret() != null) {
      return;
    }
    boolean sharedLimits = rateLimit != null && rateLimit.enabled()
        && rateLimit.config().store() == RateLimitConfig.StoreKind.REDIS;
    boolean sharedEvictions = cache != null && cache.enabled() && cache.redis().isPresent();
    if (sharedLimits || sharedEvictions) {
      root.error("auth.basic.hmacSecret", "is required when " + (sharedLimits ? "rateLimit.store is redis" :
          "cache.redis is set") + ": every instance must derive the same principal id from the same Basic "
          + "credential (set the same secret of at least 16 characters on all of them, e.g. ${CSGW_BASIC_HMAC_SECRET})");
    }
  }

  /**
   * A readiness that requires a Redis no feature uses could never fail: the operator meant one to be configured
   * (the shared rate-limit store or the cache's eviction bus), and readiness would silently not guard it.
   */
  private static void checkHealthNeeds(ConfigNode root, HealthSettings health, RateLimitSettings rateLimit,
      CacheSettings cache) {
    if (health == null || !health.requireRedis()) {
      return;
    }
    boolean redisLimits = rateLimit != null && rateLimit.enabled()
        && rateLimit.config().store() == RateLimitConfig.StoreKind.REDIS;
    boolean redisEvictions = cache != null && cache.enabled() && cache.redis().isPresent();
    if (!redisLimits && !redisEvictions) {
      root.error("health.requireRedis", "is true but no Redis is in use: set rateLimit.store: redis (with "
          + "rateLimit.redis) or cache.redis, or set requireRedis: false");
    }
  }

  /** How the upstream section reads, given the sandbox section (null when invalid). */
  private static UpstreamSection upstreamSection(SandboxConfig sandbox) {
    if (sandbox == null) {
      return UpstreamSection.sandboxUnknown();
    }
    if (!sandbox.enabled()) {
      return UpstreamSection.standalone();
    }
    // The sandbox's address; a port of 0 is replaced by the bound one at start.
    String host = sandbox.options().host();
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return UpstreamSection.forSandbox(URI.create("http://" + literal + ":" + sandbox.options().port()));
  }
}
