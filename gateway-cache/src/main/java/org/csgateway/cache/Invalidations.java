package org.csgateway.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which stored entries may no longer be served, decided by when their request went upstream rather than by a list of
 * keys. Every flight takes the current generation as it starts; an eviction takes a new generation and marks its
 * subject with it (a principal's family, a principal, a route, or everything). An entry is current while its
 * generation is at least the mark of every subject it belongs to: an answer that was on its way when its caller wrote
 * fails that test, so it is neither stored nor served, and an eviction never has to find the entries it names.
 * Thread-safe; a check is a few map reads that allocate nothing, a mark a map update and now and then a sweep.
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
  private final long horizonNanos;
  private final AtomicLong generation = new AtomicLong();
  // One map per kind of subject, keyed by the strings a key already holds, so that a check on the request path
  // allocates nothing. A principal's family marks sit in one small immutable map per principal, replaced whole
  // inside compute (writes are rare): the family, a substring made on demand, is only looked at for callers
  // who wrote.
  private final Map<String, Map<String, Mark>> families = new ConcurrentHashMap<>();
  private final Map<String, Mark> principals = new ConcurrentHashMap<>();
  private final Map<String, Mark> routes = new ConcurrentHashMap<>();
  private final AtomicReference<Mark> everything = new AtomicReference<>();
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
    switch (eviction.scope()) {
      case PRINCIPAL_FAMILY -> families.compute(eviction.principalId(), (principal, marks) -> {
        Map<String, Mark> next = marks == null ? new HashMap<>() : new HashMap<>(marks);
        next.merge(eviction.family(), mark, Mark::newer);
        return Map.copyOf(next);
      });
      case PRINCIPAL -> principals.merge(eviction.principalId(), mark, Mark::newer);
      case ROUTE -> routes.merge(eviction.routeId(), mark, Mark::newer);
      case ALL -> everything.accumulateAndGet(mark, (older, newer) -> older == null ? newer : older.newer(newer));
    }
    if (nowNanos - sweptAtNanos >= horizonNanos) {
      sweep(nowNanos);
    }
  }

  /** Whether an entry of this key, of this generation, may be served (or stored). */
  boolean isCurrent(CacheKey key, long entryGeneration) {
    // The marks are read before the floor: a sweep raises the floor before it removes a mark, so a mark missed here
    // because it was just removed is covered by the floor read after.
    Map<String, Mark> familiesOfCaller = families.isEmpty() ? null : families.get(key.principalId());
    if (isBefore(everything.get(), entryGeneration)
        || isBefore(principals, key.principalId(), entryGeneration)
        || isBefore(routes, key.routeId(), entryGeneration)
        || (familiesOfCaller != null && isBefore(familiesOfCaller.get(key.family()), entryGeneration))) {
      return false;
    }
    return entryGeneration >= floor.get();
  }

  /** The marks kept, for tests. */
  int size() {
    int familyMarks = families.values().stream().mapToInt(Map::size).sum();
    return familyMarks + principals.size() + routes.size() + (everything.get() == null ? 0 : 1);
  }

  private static boolean isBefore(Map<String, Mark> marks, String subject, long entryGeneration) {
    return !marks.isEmpty() && isBefore(marks.get(subject), entryGeneration);
  }

  private static boolean isBefore(Mark mark, long entryGeneration) {
    return mark != null && entryGeneration < mark.generation;
  }

  private void sweep(long nowNanos) {
    sweptAtNanos = nowNanos;
    for (String principal : families.keySet()) {
      families.computeIfPresent(principal, (p, marks) -> {
        Map<String, Mark> kept = new HashMap<>();
        marks.forEach((family, mark) -> {
          if (isOld(mark, nowNanos)) {
            raiseFloor(mark);
          } else {
            kept.put(family, mark);
          }
        });
        return kept.isEmpty() ? null : Map.copyOf(kept);
      });
    }
    sweep(principals, nowNanos);
    sweep(routes, nowNanos);
    Mark all = everything.get();
    if (all != null && isOld(all, nowNanos)) {
      raiseFloor(all);
      everything.compareAndSet(all, null);
    }
  }

  private void sweep(Map<String, Mark> marks, long nowNanos) {
    marks.forEach((subject, mark) -> {
      if (isOld(mark, nowNanos)) {
        raiseFloor(mark);
        marks.remove(subject, mark);
      }
    });
  }

  private boolean isOld(Mark mark, long nowNanos) {
    return nowNanos - mark.atNanos >= horizonNanos;
  }

  /** Before the mark goes: see {@link #isCurrent}. */
  private void raiseFloor(Mark mark) {
    floor.accumulateAndGet(mark.generation, Math::max);
  }

  private record Mark(long generation, long atNanos) {
    Mark newer(Mark other) {
      return generation > other.generation ? this : other;
    }
  }
}
