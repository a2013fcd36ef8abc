package org.csgateway.cache;

/**
 * Carries evictions made on this gateway instance to the others, so that a write through one instance does not
 * leave stale pages on another. Publishing never blocks and never fails the request that caused it.
 */
@FunctionalInterface
public interface EvictionBus {

  /** Announces an eviction this instance has already applied to its own cache. */
  void publish(Eviction eviction);

  /** For a single instance (no Redis): nothing to announce. */
  static EvictionBus localOnly() {
    return eviction -> {};
  }
}
