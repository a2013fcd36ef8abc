package org.csgateway.app.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.csgateway.cache.CacheConfig;
import org.csgateway.cache.CachePolicy;
import org.csgateway.cache.RedisEvictionConfig;

/**
 * The {@code cache} section: {@code enabled} (false), {@code maxBytes} (64MiB), {@code maxEntryBytes} (1MiB),
 * {@code staleRetention} (5m), {@code waitTimeout} (10s), {@code maxWaitersPerKey} (1000), {@code minUses} (1: the
 * first answer is stored), {@code minUsesWhenFull} (2: while the byte bound evicts, a page asked for again),
 * {@code defaultTtl} (0s: only what families or routes name is cached), {@code families}
 * (family to TTL), {@code routes} (collection route template to TTL, winning over its family's), {@code alsoEvicts}
 * (family to the further families a write to it evicts), {@code redis} ({@code url} required, {@code channel},
 * {@code reconnectDelay}; absent: a local cache).
 * Families and routes must exist in the route table.
 */
final class CacheSection implements SectionParser<CacheSettings> {
  private final RouteNames routes;

  CacheSection(RouteNames routes) {
    this.routes = routes;
  }

  @Override
  public CacheSettings parse(ConfigNode node) {
    boolean enabled = node.bool("enabled", false);
    long maxBytes = node.size("maxBytes", CacheConfig.DEFAULT_MAX_BYTES);
    long maxEntryBytes = node.size("maxEntryBytes", CacheConfig.DEFAULT_MAX_ENTRY_BYTES);
    Duration staleRetention = node.duration("staleRetention", CacheConfig.DEFAULT_STALE_RETENTION);
    Duration waitTimeout = node.duration("waitTimeout", CacheConfig.DEFAULT_WAIT_TIMEOUT);
    int maxWaitersPerKey = node.integer("maxWaitersPerKey", CacheConfig.DEFAULT_MAX_WAITERS_PER_KEY, 1, 1_000_000);
    int minUses = node.integer("minUses", CacheConfig.DEFAULT_MIN_USES, 1, CacheConfig.MAX_MIN_USES);
    int minUsesWhenFull =
        node.integer("minUsesWhenFull", CacheConfig.DEFAULT_MIN_USES_WHEN_FULL, 1, CacheConfig.MAX_MIN_USES);
    Duration defaultTtl = node.duration("defaultTtl", Duration.ZERO);
    Map<String, Duration> families = node.mapping("families", (child, family) -> {
      routes.checkFamily(child, family, family);
      return child.duration(family, null);
    });
    Map<String, Duration> ttlByRoute = node.mapping("routes", (child, template) -> {
      routes.checkCollection(child, template, template);
      return child.duration(template, null);
    });
    Map<String, Set<String>> alsoEvicts = node.mapping("alsoEvicts", (child, family) -> {
      routes.checkFamily(child, family, family);
      List<String> others = child.strings(family, List.of());
      for (int i = 0; i < others.size(); i++) {
        routes.checkFamily(child, family + "[" + i + "]", others.get(i));
      }
      return Set.copyOf(others);
    });
    Optional<RedisEvictionConfig> redis = node.has("redis")
        ? Optional.ofNullable(node.section("redis", CacheSection::redis)) : Optional.empty();
    return node.construct(() -> new CacheSettings(enabled, new CacheConfig(maxBytes, maxEntryBytes, staleRetention,
        waitTimeout, maxWaitersPerKey, minUses, minUsesWhenFull,
        new CachePolicy(defaultTtl, families, ttlByRoute, alsoEvicts)), redis));
  }

  private static RedisEvictionConfig redis(ConfigNode node) {
    String url = node.requiredString("url");
    String channel = node.string("channel", RedisEvictionConfig.DEFAULT_CHANNEL);
    Duration reconnectDelay = node.duration("reconnectDelay", RedisEvictionConfig.DEFAULT_RECONNECT_DELAY);
    return node.construct(() -> new RedisEvictionConfig(url, channel, reconnectDelay));
  }
}
