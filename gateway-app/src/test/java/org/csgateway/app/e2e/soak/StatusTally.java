package org.csgateway.app.e2e.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answer of the soak counted by request kind and status, and the first few answers that broke their kind's
 * expectation described in full. Thread-safe. A request that got no answer at all counts under status 0.
 */
final class StatusTally {
  static final int NO_ANSWER = 0;
  private static final int DESCRIBED = 20;

  private final Map<String, Map<Integer, LongAdder>> counts = new ConcurrentHashMap<>();
  private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unexpectedCount = new AtomicInteger();

  void count(String kind, int status) {
    counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new LongAdder())
        .increment();
  }

  /** Records an answer that its kind does not expect (it is also {@link #count counted}). */
  void unexpected(String description) {
    if (unexpectedCount.incrementAndGet() <= DESCRIBED) {
      unexpected.add(description);
    }
  }

  int unexpectedCount() {
    return unexpectedCount.get();
  }

  List<String> firstUnexpected() {
    return new ArrayList<>(unexpected);
  }

  long count(String kind, Set<Integer> statuses) {
    Map<Integer, LongAdder> byStatus = counts.getOrDefault(kind, Map.of());
    return statuses.stream().mapToLong(s -> byStatus.containsKey(s) ? byStatus.get(s).sum() : 0).sum();
  }

  long total() {
    return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(LongAdder::sum).sum();
  }

  /** Kind, then status and count, sorted: {@code {bad-version={422=812}, ...}}. */
  Map<String, Map<Integer, Long>> snapshot() {
    Map<String, Map<Integer, Long>> copy = new TreeMap<>();
    counts.forEach((kind, byStatus) -> {
      Map<Integer, Long> statuses = new TreeMap<>();
      byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
      copy.put(kind, statuses);
    });
    return copy;
  }
}
