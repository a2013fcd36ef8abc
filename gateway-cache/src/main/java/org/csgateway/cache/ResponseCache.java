package org.csgateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The entries of one gateway process, shared by all its event loops: a Caffeine cache bounded in bytes, an index
 * from (principal, family) to keys for write eviction, and the requests in flight for single flight. Thread-safe
 * and non-blocking: every operation is a few map operations, so it is called straight from event loops.
 *
 * <p>Evictions race with fills safely: an eviction first poisons the matching flights, then removes the indexed
 * entries; a flight stores its entry, leaves the in-flight map, then checks whether it was poisoned and if so
 * removes what it stored. Either the eviction sees the stored entry in the index or the flight sees the poison.
 */
public final class ResponseCache {
  private final CacheConfig config;
  private final Ticker ticker;
  private final Cache<CacheKey, CachedResponse> entries;
  private final Map<Partition, Set<CacheKey>> index = new ConcurrentHashMap<>();
  private final Map<CacheKey, Flight> inflight = new ConcurrentHashMap<>();
  private final Map<CacheStatus, LongAdder> outcomes = new EnumMap<>(CacheStatus.class);
  private final LongAdder stores = new LongAdder();
  private final LongAdder declined = new LongAdder();
  /** Null when every first answer is stored ({@code minUses} 1). */
  private final MissCounter misses;

  /**
   * A cache doing its maintenance inline, on the thread whose read or write calls for it, like the gateway's other
   * caches. Caffeine's default, the common pool, cost a thread wake-up (a futex call) every few reads: about 2% of
   * the event loop's time on the cache-hit path, and a second thread competing for the gateway's CPU on misses.
   * The work itself is small and amortized (replaying buffered reads and writes, evicting what the byte bound
   * demands).
   */
  public ResponseCache(CacheConfig config, Ticker ticker) {
    this(config, ticker, Runnable::run);
  }

  /**
   * @param config the bounds and the policy
   * @param ticker the time source for freshness, {@code Age} and expiry ({@link Ticker#systemTicker()} in
   *     production, a fake one in tests)
   * @param maintenance where Caffeine runs its maintenance
   */
  public ResponseCache(CacheConfig config, Ticker ticker, Executor maintenance) {
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.entries = Caffeine.newBuilder()
        .maximumWeight(config.maxBytes())
        .<CacheKey, CachedResponse>weigher((key, entry) -> entry.weight())
        .expireAfter(new ExpiryAfterStore())
        .evictionListener((CacheKey key, CachedResponse entry, RemovalCause cause) -> unindex(key))
        .ticker(ticker)
        .executor(Objects.requireNonNull(maintenance, "maintenance"))
        .recordStats()
        .build();
    for (CacheStatus status : CacheStatus.values()) {
      outcomes.put(status, new LongAdder());
    }
    this.misses = config.minUses() > 1 ? MissCounter.sizedFor(config.maxBytes()) : null;
  }

  public CacheConfig config() {
    return config;
  }

  /** The ticker's time, in nanoseconds. */
  public long now() {
    return ticker.read();
  }

  /** Caffeine's statistics: hits, misses (of the store itself), evictions and their weight. */
  public CacheStats stats() {
    return entries.stats();
  }

  /** How many answers had this outcome. */
  public long count(CacheStatus outcome) {
    return outcomes.get(outcome).sum();
  }

  /** How many answers were stored (a revalidated entry stored again counts again). */
  public long stores() {
    return stores.sum();
  }

  /** The number of entries, after pending maintenance. */
  public long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  /** The bytes charged for all entries, after pending maintenance; never more than {@code maxBytes}. */
  public long weightedSize() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  /** How many storable answers were not stored: their key had not yet been asked for {@code minUses} times. */
  public long declined() {
    return declined.sum();
  }

  /** Removes the entries an eviction names from this instance only; returns how many were removed. */
  public long apply(Eviction eviction) {
    for (Flight flight : inflight.values()) {
      if (eviction.matches(flight.key())) {
        flight.poison();
      }
    }
    List<CacheKey> keys = new ArrayList<>();
    switch (eviction.scope()) {
      case PRINCIPAL_FAMILY -> {
        Set<CacheKey> indexed = index.get(new Partition(eviction.principalId(), eviction.family()));
        if (indexed != null) {
          keys.addAll(indexed);
        }
      }
      case PRINCIPAL -> index.forEach((partition, indexed) -> {
        if (partition.principalId().equals(eviction.principalId())) {
          keys.addAll(indexed);
        }
      });
      case ROUTE, ALL -> entries.asMap().keySet().stream().filter(eviction::matches).forEach(keys::add);
    }
    long removed = 0;
    for (CacheKey key : keys) {
      if (remove(key, null)) {
        removed++;
      }
    }
    return removed;
  }

  CachedResponse get(CacheKey key) {
    return entries.getIfPresent(key);
  }

  void record(CacheStatus outcome) {
    outcomes.get(outcome).increment();
  }

  /**
   * Joins the flight for this key, or starts one. A flight older than the wait timeout no longer collects waiters:
   * it is replaced (and poisoned, so whatever it brings back is not stored).
   */
  Joined join(CacheKey key, long nowNanos) {
    long stuckAfter = config.waitTimeout().toNanos();
    Flight mine = new Flight(key, nowNanos);
    Flight[] replaced = new Flight[1];
    Flight current = inflight.compute(key, (k, existing) -> {
      if (existing == null || existing.isStuck(nowNanos, stuckAfter)) {
        replaced[0] = existing;
        return mine;
      }
      return existing;
    });
    if (replaced[0] != null) {
      replaced[0].poison();
    }
    return new Joined(current, current == mine);
  }

  /**
   * Whether the storable answer a flight brought back is to be stored: always with {@code minUses} 1; otherwise when
   * other requests wait on the flight (the key is asked for more than once right now) or this is at least the
   * key's {@code minUses}-th answer from upstream. Counts the answers declined.
   */
  boolean admits(Flight flight) {
    if (misses == null || flight.hasWaiters() || misses.increment(flight.key().fingerprint()) >= config.minUses()) {
      return true;
    }
    declined.increment();
    return false;
  }

  /** Ends a flight: stores its entry (null for none) unless an eviction poisoned it, and releases its waiters. */
  void finish(Flight flight, CachedResponse entry) {
    if (entry != null && !flight.isPoisoned()) {
      store(flight.key(), entry);
    }
    inflight.remove(flight.key(), flight);
    if (flight.isPoisoned()) {
      if (entry != null) {
        remove(flight.key(), entry);
      }
      flight.complete(null);
    } else {
      flight.complete(entry);
    }
  }

  /** Drops an entry that the upstream no longer confirms (a stale one answered with something other than 304). */
  void discard(CacheKey key, CachedResponse stale) {
    remove(key, stale);
  }

  private void store(CacheKey key, CachedResponse entry) {
    stores.increment();
    Partition partition = new Partition(key.principalId(), key.family());
    CacheKey stored = sharingPrincipalId(key, index.get(partition));
    // The index changes inside the entry's atomic section, as do removals (evictionListener), so the index never
    // loses a key that is in the cache.
    entries.asMap().compute(stored, (k, previous) -> {
      index.compute(partition, (p, keys) -> {
        Set<CacheKey> indexed = keys == null ? ConcurrentHashMap.newKeySet() : keys;
        indexed.add(k);
        return indexed;
      });
      return entry;
    });
  }

  /**
   * The key with the principal id string of the caller's entries already stored (its siblings), if there are any.
   * Each request brings its own copy of the id (a Basic principal is made per request), and an entry would otherwise
   * hold one for as long as it lives: about 100 bytes in two objects, per entry, for the same characters. The cache
   * does this rather than the authentication stage because only what outlives the request needs it.
   */
  private static CacheKey sharingPrincipalId(CacheKey key, Set<CacheKey> siblings) {
    Iterator<CacheKey> any = siblings == null ? null : siblings.iterator();
    return any != null && any.hasNext() ? key.withPrincipalIdOf(any.next()) : key;
  }

  /** Removes the key's entry (only if it is {@code expected}, when that is not null). */
  private boolean remove(CacheKey key, CachedResponse expected) {
    boolean[] removed = new boolean[1];
    entries.asMap().computeIfPresent(key, (k, current) -> {
      if (expected != null && current != expected) {
        return current;
      }
      unindex(k);
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  private void unindex(CacheKey key) {
    index.computeIfPresent(new Partition(key.principalId(), key.family()), (p, keys) -> {
      keys.remove(key);
      return keys.isEmpty() ? null : keys;
    });
  }

  /** An entry lives its own lifetime from when it is stored (again); reads do not extend it. */
  private static final class ExpiryAfterStore implements Expiry<CacheKey, CachedResponse> {
    @Override
    public long expireAfterCreate(CacheKey key, CachedResponse entry, long currentTime) {
      return entry.lifetimeNanos();
    }

    @Override
    public long expireAfterUpdate(CacheKey key, CachedResponse entry, long currentTime, long currentDuration) {
      return entry.lifetimeNanos();
    }

    @Override
    public long expireAfterRead(CacheKey key, CachedResponse entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** The result of {@link #join}: the flight, and whether the caller leads it (goes upstream). */
  record Joined(Flight flight, boolean leader) {}

  /** The unit of write eviction. */
  private record Partition(String principalId, String family) {}
}
