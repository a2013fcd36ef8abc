package org.csgateway.app.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.csgateway.cache.CacheConfig;
import org.csgateway.cache.CachePolicy;
import org.csgateway.cache.RedisEvictionConfig;

/**
 * The {@code cache} section: the per-caller response cache. Disabled (the default), no cache filter is added.
 *
 * @param enabled {@code cache.enabled}, default false
 * @param config bounds, waiting and the TTL policy
 * @param redis {@code cache.redis}: where evictions are shared with the other instances; empty for a purely local
 *     cache
 */
public record CacheSettings(boolean enabled, CacheConfig config, Optional<RedisEvictionConfig> redis) {
  public CacheSettings {
    Objects.requireNonNull(config, "config");
    redis = redis == null ? Optional.empty() : redis;
  }

  /** Off; nothing cached when switched on without families or routes either (default TTL 0s). */
  public static CacheSettings defaults() {
    return new CacheSettings(false, CacheConfig.defaults(CachePolicy.forFamilies(Map.of())),
        Optional.empty());
  }
}
