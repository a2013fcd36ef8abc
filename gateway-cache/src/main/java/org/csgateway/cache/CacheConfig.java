package org.csgateway.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How much the response cache may hold and how concurrent misses wait. Immutable; validated on creation.
 *
 * <p>YAML, under {@code cache:} (defaults in brackets): {@code maxBytes} [64MiB], {@code maxEntryBytes} [1MiB],
 * {@code staleRetention} [5m], {@code waitTimeout} [10s], {@code maxWaitersPerKey} [1000], {@code minUses} [1],
 * {@code minUsesWhenFull} [2], plus the {@link CachePolicy} keys ({@code defaultTtl}, {@code families},
 * {@code routes}, {@code alsoEvicts}). A disabled cache ({@code cache.enabled: false}) is a filter the gateway does
 * not add.
 *
 * @param maxBytes the memory bound of all entries together (body, packed headers and each entry's own objects)
 * @param maxEntryBytes the largest body stored; a larger response streams through unstored and unbuffered
 * @param staleRetention how long an entry with an ETag is kept after its TTL, to be revalidated with
 *     {@code If-None-Match} rather than fetched again; entries without an ETag leave at their TTL
 * @param waitTimeout how long a request waits for an identical request already on its way upstream before it goes
 *     upstream itself; also the age after which a stuck in-flight request stops collapsing new ones
 * @param maxWaitersPerKey how many requests may wait on one in-flight request; further ones go upstream themselves
 * @param minUses on which miss of a key its answer is stored (nginx's {@code proxy_cache_min_uses}): 1 stores every
 *     first answer; 2 stores a page only when it is asked for again (or by several requests at once), so pages read
 *     once, such as a crawl through every page or distinct query strings, cost little more than the gateway
 *     without the cache (the key, the lookup, the count) and displace nothing (see {@link MissCounter})
 * @param minUsesWhenFull the same rule while the byte bound is evicting entries (it evicted one within the last
 *     {@link ResponseCache#FULL_WINDOW}), never fewer than {@code minUses}: a full cache that stored every first
 *     answer would trade entries that may be read again for pages that may not, and turn over so fast that its
 *     entries die in the collector's old generation. 2 stores, while full, only pages asked for again; 1 stores
 *     every first answer whatever the cache holds
 * @param policy which routes are cached and for how long
 */
public record CacheConfig(
    long maxBytes, long maxEntryBytes, Duration staleRetention, Duration waitTimeout, int maxWaitersPerKey,
    int minUses, int minUsesWhenFull, CachePolicy policy) {

  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_MAX_ENTRY_BYTES = 1024L * 1024;
  public static final Duration DEFAULT_STALE_RETENTION = Duration.ofMinutes(5);
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_WAITERS_PER_KEY = 1000;
  public static final int DEFAULT_MIN_USES = 1;
  public static final int DEFAULT_MIN_USES_WHEN_FULL = 2;
  /** The highest {@code minUses}: what a {@link MissCounter} slot can count to. */
  public static final int MAX_MIN_USES = MissCounter.MAX_COUNT;

  public CacheConfig {
    Objects.requireNonNull(staleRetention, "staleRetention");
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    Objects.requireNonNull(policy, "policy");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    if (maxEntryBytes <= 0) {
      throw new IllegalArgumentException("maxEntryBytes must be positive, was " + maxEntryBytes);
    }
    if (maxEntryBytes > maxBytes) {
      throw new IllegalArgumentException(
          "maxEntryBytes must not exceed maxBytes (" + maxBytes + "), was " + maxEntryBytes);
    }
    if (maxEntryBytes > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(
          "maxEntryBytes must be at most " + Integer.MAX_VALUE / 2 + ", was " + maxEntryBytes);
    }
    if (staleRetention.isNegative()) {
      throw new IllegalArgumentException("staleRetention must not be negative, was " + staleRetention);
    }
    if (waitTimeout.isNegative() || waitTimeout.isZero()) {
      throw new IllegalArgumentException("waitTimeout must be positive, was " + waitTimeout);
    }
    if (maxWaitersPerKey <= 0) {
      throw new IllegalArgumentException("maxWaitersPerKey must be positive, was " + maxWaitersPerKey);
    }
    requireUses("minUses", minUses);
    requireUses("minUsesWhenFull", minUsesWhenFull);
  }

  private static void requireUses(String name, int uses) {
    if (uses < 1 || uses > MAX_MIN_USES) {
      throw new IllegalArgumentException(name + " must be between 1 and " + MAX_MIN_USES + ", was " + uses);
    }
  }

  /** The defaults above with this policy. */
  public static CacheConfig defaults(CachePolicy policy) {
    return new CacheConfig(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_STALE_RETENTION,
        DEFAULT_WAIT_TIMEOUT, DEFAULT_MAX_WAITERS_PER_KEY, DEFAULT_MIN_USES, DEFAULT_MIN_USES_WHEN_FULL, policy);
  }

  /** The uses a page needs to be stored while the byte bound is evicting: never fewer than {@link #minUses}. */
  public int effectiveMinUsesWhenFull() {
    return Math.max(minUses, minUsesWhenFull);
  }
}
