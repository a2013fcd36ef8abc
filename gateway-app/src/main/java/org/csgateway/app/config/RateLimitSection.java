package org.csgateway.app.config;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.ratelimit.RateLimitConfig;
import org.csgateway.core.ratelimit.RateLimitKey;
import org.csgateway.core.ratelimit.RateLimitPolicy;
import org.csgateway.core.ratelimit.RedisRateLimitConfig;
import org.csgateway.core.ratelimit.RedisUnavailableMode;
import org.csgateway.core.ratelimit.RouteSelector;

/**
 * The {@code rateLimit} section: {@code enabled} (true), {@code store} ({@code local} or {@code redis}),
 * {@code local.maxKeys} (100000), {@code redis} (required with the Redis store: {@code url}, {@code poolSize},
 * {@code commandTimeout}, {@code onUnavailable}, {@code retryInterval}, {@code keyPrefix}), {@code policies} (a
 * list of {@code {name, rate, period, burst, key, routes: {ids, families, methods}, costs}}, first match wins;
 * default oauth-token then default) and {@code failedAuthentication} ({@code {name, rate, period, burst}}, default
 * auth-failures, 10 per 5m). Route ids, families and cost names must exist in the route table.
 */
final class RateLimitSection implements SectionParser<RateLimitSettings> {
  private static final Map<String, RateLimitConfig.StoreKind> STORES = new LinkedHashMap<>();
  private static final Map<String, RedisUnavailableMode> MODES = new LinkedHashMap<>();

  static {
    STORES.put("local", RateLimitConfig.StoreKind.LOCAL);
    STORES.put("redis", RateLimitConfig.StoreKind.REDIS);
    for (RedisUnavailableMode mode : RedisUnavailableMode.values()) {
      MODES.put(mode.name().toLowerCase(Locale.ROOT), mode);
    }
  }

  private final RouteNames routes;

  RateLimitSection(RouteNames routes) {
    this.routes = routes;
  }

  @Override
  public RateLimitSettings parse(ConfigNode node) {
    RateLimitConfig defaults = RateLimitConfig.defaults();
    boolean enabled = node.bool("enabled", true);
    RateLimitConfig.StoreKind store = node.choice("store", STORES, defaults.store());
    long maxKeys = node.section("local",
        local -> local.integer("maxKeys", (int) defaults.maxLocalKeys(), 1, Integer.MAX_VALUE)).longValue();
    boolean redisWritten = node.has("redis");
    RedisRateLimitConfig redis = node.section("redis", RateLimitSection::redis);
    if (store == RateLimitConfig.StoreKind.REDIS && !redisWritten) {
      node.error("redis", "is required when store is redis (at least its url)");
    }
    List<RateLimitPolicy> policies = node.has("policies")
        ? node.sections("policies", policy -> policy(policy, null)) : defaults.policies();
    RateLimitPolicy failedAuthentication = node.section("failedAuthentication",
        policy -> policy(policy, defaults.failedAuthentication()));
    // Unwritten, the store is local and redis unused; the defaults stand in after the error above.
    RedisRateLimitConfig usedRedis = redisWritten || store == RateLimitConfig.StoreKind.REDIS ? redis : null;
    return node.construct(() -> new RateLimitSettings(enabled,
        new RateLimitConfig(store, maxKeys, usedRedis, policies, failedAuthentication)));
  }

  private static RedisRateLimitConfig redis(ConfigNode node) {
    RedisRateLimitConfig defaults = RedisRateLimitConfig.defaults();
    String url = node.string("url", defaults.url());
    int poolSize = node.integer("poolSize", defaults.poolSize(), 1, 10_000);
    Duration commandTimeout = node.duration("commandTimeout", defaults.commandTimeout());
    RedisUnavailableMode onUnavailable = node.choice("onUnavailable", MODES, defaults.onUnavailable());
    Duration retryInterval = node.duration("retryInterval", defaults.retryInterval());
    String keyPrefix = node.string("keyPrefix", defaults.keyPrefix());
    return node.construct(() ->
        new RedisRateLimitConfig(url, poolSize, commandTimeout, onUnavailable, retryInterval, keyPrefix));
  }

  /**
   * One policy. With defaults (the failed-authentication budget) every key is optional and only name, rate, period
   * and burst are read; without, name, rate and period are required. Burst defaults to the rate.
   */
  private RateLimitPolicy policy(ConfigNode node, RateLimitPolicy defaults) {
    boolean required = defaults == null;
    String name = required ? node.requiredString("name") : node.string("name", defaults.name());
    for (String key : required ? List.of("rate", "period") : List.<String>of()) {
      if (!node.has(key)) {
        node.error(key, "is required");
      }
    }
    long rate = node.integer("rate", required ? 1 : (int) defaults.rate(), 1, Integer.MAX_VALUE);
    Duration period = node.duration("period", required ? Duration.ofSeconds(1) : defaults.period());
    long burst = node.integer("burst", (int) rate, 1, Integer.MAX_VALUE);
    if (!required) {
      return node.construct(() -> new RateLimitPolicy(name, rate, period, burst, defaults.key(), defaults.routes(),
          defaults.costs()));
    }
    RateLimitKey key = node.enumValue("key", RateLimitKey.class, RateLimitKey.PRINCIPAL);
    RouteSelector selector = node.section("routes", this::selector);
    Map<String, Integer> costs = node.mapping("costs", (child, costName) -> {
      routes.checkIdOrMethodId(child, costName, costName);
      return child.integer(costName, 1, 1, Integer.MAX_VALUE);
    });
    return node.construct(() -> new RateLimitPolicy(name, rate, period, burst, key, selector, costs));
  }

  private RouteSelector selector(ConfigNode node) {
    List<String> ids = node.strings("ids", List.of());
    for (int i = 0; i < ids.size(); i++) {
      routes.checkId(node, "ids[" + i + "]", ids.get(i));
    }
    List<String> families = node.strings("families", List.of());
    for (int i = 0; i < families.size(); i++) {
      routes.checkFamily(node, "families[" + i + "]", families.get(i));
    }
    List<HttpMethod> methods = node.list("methods", List.of(), ConfigValues::httpMethod);
    return node.construct(() -> new RouteSelector(Set.copyOf(ids), Set.copyOf(families), Set.copyOf(methods)));
  }

}
