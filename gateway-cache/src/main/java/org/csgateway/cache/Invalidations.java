package org.csgateway.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which stored entries may no longer be served, decided by when their request went upstream rather than by a list of
 * keys. Every flight takes the current generation as it starts; an eviction takes a new generation and marks its
 * subject with it (a principal's family, a principal, a route, or everything). An entry is current while its
 * generation is at least the mark of every subject it belongs to: an answer that was on its way when its caller wrote
 * fails that test, so it is neither stored nor served, and an eviction never has to find the entries it names.
 * Thread-safe; every operation is a few map reads, except the occasional sweep in {@link #mark}.
 *
 * <p>Why marks rather than an index from (principal, family) to keys: the index cost every stored entry a map node
 * and two map operations (one to add it, one when the byte bound evicts it) on a path that stores thousands a second,
 * to serve writes, which are rarer; an eviction is now one map update whatever the number of entries. The entries a
 * mark makes stale stay in memory until the byte bound or their lifetime removes them (nobody reads them again), or
 * until a read of the same key or an administrator's purge removes them.
 *
 * <p>A mark is forgotten once it is older than the longest lifetime an entry can have, by then every entry stored
 * before it has expired. Forgetting raises a floor below which every generation is stale, so it can only make a
 * straggler (an answer that took longer than that to arrive) a miss, never make a stale entry current again.
 */
final class Invalidations {
  /** The subject that every entry belongs to. */
  private static final Object EVERYTHING = new Object();

  private final long horizonNanos;
  private final AtomicLong generation = new AtomicLong();
  private final Map<Object, Mark> marks = new ConcurrentHashMap<>();
  private final AtomicLong floor = new AtomicLong();
  private volatile long sweptAtNanos;

  /**
   * @param horizonNanos the longest lifetime of an entry (the longest TTL plus the stale retention): how long a mark
   *     is kept
   * @param nowNanos the cache ticker's time now
   */
  Invalidations(long horizonNanos, long nowNanos) {
    this.horizonNanos = horizonNanos;
    this.sweptAtNanos = nowNanos;
  }

  /** The generation a flight starting now takes: its entry is current unless a later mark names it. */
  long current() {
    return generation.get();
  }

  /** Makes every entry the eviction names, stored or on its way, stale. */
  void mark(Eviction eviction, long nowNanos) {
    Mark mark = new Mark(generation.incrementAndGet(), nowNanos);
    marks.merge(subject(eviction), mark, (older, newer) -> older.generation > newer.generation ? older : newer);
    if (nowNanos - sweptAtNanos >= horizonNanos) {
      sweep(nowNanos);
    }
  }

  /** Whether an entry of this key, of this generation, may be served (or stored). */
  boolean isCurrent(CacheKey key, long entryGeneration) {
    // The marks are read before the floor: a sweep raises the floor before it removes a mark, so a mark missed here
    // because it was just removed is covered by the floor read after.
    if (!marks.isEmpty()
        && (isBefore(EVERYTHING, entryGeneration)
            || isBefore(new FamilyOf(key.principalId(), key.family()), entryGeneration)
            || isBefore(new PrincipalOf(key.principalId()), entryGeneration)
            || isBefore(new RouteOf(key.routeId()), entryGeneration))) {
      return false;
    }
    return entryGeneration >= floor.get();
  }

  /** The marks kept, for tests. */
  int size() {
    return marks.size();
  }

  private boolean isBefore(Object subject, long entryGeneration) {
    Mark mark = marks.get(subject);
    return mark != null && entryGeneration < mark.generation;
  }

  private void sweep(long nowNanos) {
    sweptAtNanos = nowNanos;
    marks.forEach((subject, mark) -> {
      if (nowNanos - mark.atNanos >= horizonNanos) {
        floor.accumulateAndGet(mark.generation, Math::max);
        marks.remove(subject, mark);
      }
    });
  }

  private static Object subject(Eviction eviction) {
    return switch (eviction.scope()) {
      case PRINCIPAL_FAMILY -> new FamilyOf(eviction.principalId(), eviction.family());
      case PRINCIPAL -> new PrincipalOf(eviction.principalId());
      case ROUTE -> new RouteOf(eviction.routeId());
      case ALL -> EVERYTHING;
    };
  }

  private record Mark(long generation, long atNanos) {}

  private record FamilyOf(String principalId, String family) {}

  private record PrincipalOf(String principalId) {}

  private record RouteOf(String routeId) {}
}
