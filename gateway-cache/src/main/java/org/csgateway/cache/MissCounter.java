package org.csgateway.cache;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many times keys were recently answered from upstream, in a fixed table: the admission rule behind
 * {@code cache.minUses} and {@code cache.minUsesWhenFull}. Storing an answer costs a copy of its body, an entry, a
 * map update and, while the entry lives, the collector's time; storing pages that are read once (a client walking
 * every page or distinct query strings) pays all of it for nothing and pushes out entries that would have been read
 * again. CDNs call these one-hit wonders and store on the second request; nginx's {@code proxy_cache_min_uses} is
 * the same rule.
 *
 * <p>Each slot holds one key's 56-bit fingerprint and an 8-bit count; a key whose slot another key took over starts
 * again from zero. The table has no notion of time: a count lasts until its slot is taken. Both only delay a
 * store, never make one wrong: what is stored is always the answer to the request that stored it. Lock-free; a count
 * lost to a race between two event loops is the same kind of delay.
 */
final class MissCounter {
  /** The highest count a slot keeps; further misses leave it there. */
  static final int MAX_COUNT = 255;
  private static final long COUNT_BITS = 0xFFL;

  private final AtomicLongArray slots;
  private final int mask;

  /** A table with the power of two at or above {@code minimumSlots} slots (8 bytes each). */
  MissCounter(int minimumSlots) {
    if (minimumSlots < 1 || minimumSlots > 1 << 30) {
      throw new IllegalArgumentException("slots must be between 1 and 2^30, was " + minimumSlots);
    }
    int size = minimumSlots == 1 ? 1 : Integer.highestOneBit(minimumSlots - 1) << 1;
    this.slots = new AtomicLongArray(size);
    this.mask = size - 1;
  }

  /** A table with about one slot per entry the byte bound can hold at 1 KiB each, from 1,024 to 1,048,576 slots. */
  static MissCounter sizedFor(long maxBytes) {
    return new MissCounter((int) Math.max(1024, Math.min(1 << 20, maxBytes / 1024)));
  }

  int slots() {
    return mask + 1;
  }

  /**
   * Counts one more miss of a key; returns its count, this one included (at most {@link #MAX_COUNT}).
   *
   * @param fingerprint the key's {@link CacheKey#fingerprint()}
   */
  int increment(long fingerprint) {
    // The slot comes from the low bits and the stored tag is the high 56: keys that share a slot still differ there.
    int index = (int) fingerprint & mask;
    long tag = fingerprint & ~COUNT_BITS;
    long current = slots.get(index);
    int count = (current & ~COUNT_BITS) == tag ? (int) (current & COUNT_BITS) : 0;
    int next = Math.min(count + 1, MAX_COUNT);
    slots.setRelease(index, tag | next); // no fence: a count read a moment late is a delay like the others
    return next;
  }
}
