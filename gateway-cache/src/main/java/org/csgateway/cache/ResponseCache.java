package org.csgateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The entries of one gateway process, shared by all its event loops: a Caffeine cache bounded in bytes, the marks
 * of write evictions and purges ({@link Invalidations}), and the requests in flight for single flight. Thread-safe
 * and non-blocking: every operation on the request path is a few map operations, so it is called straight from
 * event loops; only {@link #purge} and the statistics walk every entry.
 *
 * <p>Evictions race with fills safely without locks: a flight takes the current generation before it goes upstream,
 * an eviction marks a newer one, and an entry is stored and served only while its generation is not older than the
 * marks of its key. Whatever order a fill and an eviction finish in, the fill's entry is older than the mark.
 */
public final class ResponseCache {
  /**
   * How long after the byte bound last evicted an entry the cache counts as full ({@code minUsesWhenFull} applies).
   * A full cache that stores nothing new evicts nothing, so the rule lapses a second after its last eviction; the
   * next first answer stored then finds out whether the cache is still full.
   */
  public static final Duration FULL_WINDOW = Duration.ofSeconds(1);
  private static final long FULL_WINDOW_NANOS = FULL_WINDOW.toNanos();
  private static final int MAX_SHARED_PRINCIPAL_IDS = 10_000;

  private final CacheConfig config;
  private final Ticker ticker;
  private final Cache<CacheKey, CachedResponse> entries;
  private final Invalidations invalidations;
  /** One instance of each principal id that stored keys hold; bounded, cleared when full. */
  private final Map<String, String> principalIds = new ConcurrentHashMap<>();
  // A ConcurrentMap: join's putIfAbsent and replace are atomic only there.
  private final ConcurrentMap<CacheKey, Flight> inflight = new ConcurrentHashMap<>();
  private final Map<CacheStatus, LongAdder> outcomes = new EnumMap<>(CacheStatus.class);
  private final LongAdder stores = new LongAdder();
  private final LongAdder declined = new LongAdder();
  /** Null when every first answer is stored ({@code minUses} and {@code minUsesWhenFull} 1). */
  private final MissCounter misses;
  private final long waitTimeoutNanos;
  /** The ticker's time of the byte bound's last eviction; written by Caffeine's maintenance, on any event loop. */
  private volatile long lastSizeEviction;

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
    this.waitTimeoutNanos = config.waitTimeout().toNanos();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.entries = Caffeine.newBuilder()
        .maximumWeight(config.maxBytes())
        .<CacheKey, CachedResponse>weigher((key, entry) -> entry.weight())
        .expireAfter(new ExpiryAfterStore())
        .evictionListener((CacheKey key, CachedResponse entry, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            lastSizeEviction = ticker.read();
          }
        })
        .ticker(ticker)
        .executor(Objects.requireNonNull(maintenance, "maintenance"))
        .recordStats()
        .build();
    for (CacheStatus status : CacheStatus.values()) {
      outcomes.put(status, new LongAdder());
    }
    this.misses = config.effectiveMinUsesWhenFull() > 1 ? MissCounter.sizedFor(config.maxBytes()) : null;
    this.lastSizeEviction = ticker.read() - FULL_WINDOW_NANOS - 1; // not full until the bound evicts
    this.invalidations = new Invalidations(config.policy().longestTtl().plus(config.staleRetention()).toNanos(),
        ticker.read());
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

  /**
   * Whether the byte bound evicted an entry within the last {@link #FULL_WINDOW}: then a page is stored only on its
   * {@code minUsesWhenFull}-th answer from upstream.
   */
  public boolean isFull() {
    return isFull(ticker.read());
  }

  private boolean isFull(long nowNanos) {
    return nowNanos - lastSizeEviction <= FULL_WINDOW_NANOS;
  }

  /**
   * How many storable answers were not stored: their key had not yet been asked for {@code minUses} times (or
   * {@code minUsesWhenFull} while the cache was full).
   */
  public long declined() {
    return declined.sum();
  }

  /**
   * Makes the entries an eviction names, stored or on their way upstream, unservable on this instance from now on.
   * Constant time, whatever the number of entries: what it names leaves memory when read, evicted by the byte bound,
   * or expired. For writes, on the request path.
   */
  public void invalidate(Eviction eviction) {
    invalidations.mark(eviction, ticker.read());
  }

  /**
   * Invalidates, then removes the entries an eviction names from this instance's memory at once, walking every
   * entry: for administrators' purges and the clear after a lost Redis subscription, both off the event loops.
   *
   * @return how many entries were removed
   */
  public long purge(Eviction eviction) {
    invalidate(eviction);
    long removed = 0;
    for (CacheKey key : entries.asMap().keySet()) { // weakly consistent: removing while walking is allowed
      if (eviction.matches(key) && entries.asMap().remove(key) != null) {
        removed++;
      }
    }
    return removed;
  }

  /** The entry of this key, unless there is none or an invalidation made it stale (then it is removed). */
  CachedResponse get(CacheKey key) {
    CachedResponse entry = entries.getIfPresent(key);
    if (entry != null && !invalidations.isCurrent(key, entry.generation())) {
      entries.asMap().remove(key, entry);
      return null;
    }
    return entry;
  }

  void record(CacheStatus outcome) {
    outcomes.get(outcome).increment();
  }

  /**
   * Joins the flight for this key, or starts one. A flight older than the wait timeout no longer collects waiters:
   * it is replaced (and poisoned, so whatever it brings back is not stored).
   */
  Joined join(CacheKey key, long nowNanos) {
    Flight mine = new Flight(key, nowNanos, invalidations.current());
    // Atomic steps, no lock: insert if nobody is fetching the key, join a flight that is not stuck, swap out a stuck
    // one. A failed swap means the stuck flight ended or another request replaced it first: look again.
    while (true) {
      Flight present = inflight.putIfAbsent(key, mine);
      if (present == null) {
        return new Joined(mine, true);
      }
      if (!present.isStuck(nowNanos, waitTimeoutNanos)) {
        return new Joined(present, false);
      }
      if (inflight.replace(key, present, mine)) {
        present.poison();
        return new Joined(mine, true);
      }
    }
  }

  /**
   * Whether the storable answer a flight brought back is to be stored: when the uses it needs are 1 ({@code minUses},
   * or {@code minUsesWhenFull} while the cache {@linkplain #isFull() is full}), when other requests wait on the flight
   * (the key is asked for more than once right now), or when the key has now been answered from upstream at least
   * that many times. Counts the answers declined.
   *
   * @param nowNanos the ticker's time, which the caller has already read
   */
  boolean admits(Flight flight, long nowNanos) {
    int needed = misses == null ? 1 : isFull(nowNanos) ? config.effectiveMinUsesWhenFull() : config.minUses();
    if (needed == 1 || flight.hasWaiters() || misses.increment(flight.key().fingerprint()) >= needed) {
      return true;
    }
    declined.increment();
    return false;
  }

  /**
   * Ends a flight: stores its entry (null for none) unless it was replaced or an invalidation since it started made
   * it stale, and releases its waiters with it (or with null, and they go upstream themselves).
   */
  void finish(Flight flight, CachedResponse entry) {
    boolean current = !flight.isPoisoned() && invalidations.isCurrent(flight.key(), flight.generation());
    if (entry != null && current) {
      store(flight.key(), entry);
    }
    inflight.remove(flight.key(), flight);
    flight.complete(current ? entry : null);
  }

  /** Drops an entry that the upstream no longer confirms (a stale one answered with something other than 304). */
  void discard(CacheKey key, CachedResponse stale) {
    entries.asMap().remove(key, stale);
  }

  private void store(CacheKey key, CachedResponse entry) {
    stores.increment();
    entries.put(key.withPrincipalId(sharedPrincipalId(key.principalId())), entry);
  }

  /**
   * The one instance of this principal id the stored keys share. Each request brings its own copy of the id (a Basic
   * principal is made per request), and an entry would otherwise hold one for as long as it lives: about 100 bytes in
   * two objects, per entry, for the same characters. The cache does this rather than the authentication stage because
   * only what outlives the request needs it. Past {@link #MAX_SHARED_PRINCIPAL_IDS} callers the map starts over, which
   * costs sharing, never correctness.
   */
  private String sharedPrincipalId(String principalId) {
    String shared = principalIds.get(principalId);
    if (shared != null) {
      return shared;
    }
    if (principalIds.size() >= MAX_SHARED_PRINCIPAL_IDS) {
      principalIds.clear();
    }
    shared = principalIds.putIfAbsent(principalId, principalId);
    return shared == null ? principalId : shared;
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
}
