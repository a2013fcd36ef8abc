package org.csgateway.cache;

import java.util.Objects;

/**
 * The eviction API: makes entries unservable on this instance and announces it on the {@link EvictionBus}, so every
 * instance drops them. Used by the cache filter after successful writes ({@link #invalidate}, constant time, on the
 * request path) and by the admin purge endpoints (the purges, which also free the memory at once, walking every
 * entry: off the event loop). Thread-safe.
 */
public final class CacheInvalidator {
  private final ResponseCache cache;
  private final EvictionBus bus;

  public CacheInvalidator(ResponseCache cache, EvictionBus bus) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  /** Makes the entries an eviction names unservable here and everywhere, without looking for them. */
  public void invalidate(Eviction eviction) {
    cache.invalidate(eviction);
    bus.publish(eviction);
  }

  /** Removes every entry of this principal (all scope sets, routes and versions); returns how many were here. */
  public long purgePrincipal(String principalId) {
    return purge(Eviction.principal(principalId));
  }

  /** Removes every entry of this route (a template such as "/api/projects"), for every principal. */
  public long purgeRoute(String routeId) {
    return purge(Eviction.route(routeId));
  }

  /** Removes everything. */
  public long purgeAll() {
    return purge(Eviction.all());
  }

  private long purge(Eviction eviction) {
    long removed = cache.purge(eviction);
    bus.publish(eviction);
    return removed;
  }
}
