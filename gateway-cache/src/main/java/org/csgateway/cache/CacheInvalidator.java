package org.csgateway.cache;

import java.util.Objects;

/**
 * The purge API: removes entries from this instance's cache and announces the removal on the {@link EvictionBus},
 * so every instance drops them. Used by the cache filter after successful writes and by the admin purge endpoint.
 * Thread-safe.
 */
public final class CacheInvalidator {
  private final ResponseCache cache;
  private final EvictionBus bus;

  public CacheInvalidator(ResponseCache cache, EvictionBus bus) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  /** Applies an eviction here and everywhere; returns how many entries were removed on this instance. */
  public long evict(Eviction eviction) {
    long removed = cache.apply(eviction);
    bus.publish(eviction);
    return removed;
  }

  /** Removes every entry of this principal (all scope sets, routes and versions). */
  public long purgePrincipal(String principalId) {
    return evict(Eviction.principal(principalId));
  }

  /** Removes every entry of this route (a template such as "/api/projects"), for every principal. */
  public long purgeRoute(String routeId) {
    return evict(Eviction.route(routeId));
  }

  /** Removes everything. */
  public long purgeAll() {
    return evict(Eviction.all());
  }
}
