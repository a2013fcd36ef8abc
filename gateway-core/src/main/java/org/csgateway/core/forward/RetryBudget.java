package org.csgateway.core.forward;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-route retry budgets in the manner of Finagle's {@code RetryBudget}: every request to a route deposits
 * {@code budgetRatio} of a retry, every retry withdraws one, and a constant reserve of {@code minRetriesPerSecond}
 * times the window lets a quiet route retry too. Deposits and withdrawals count for a sliding ten-second window, so
 * an upstream that fails for everyone sees at most that ratio of extra load instead of a retry storm. Thread-safe;
 * route ids are bounded by the route table, so the map is too.
 */
public final class RetryBudget {
  static final Duration WINDOW = Duration.ofSeconds(10);
  private static final int SLICES = 10;
  private static final long SCALE = 1000;

  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private final long deposit;
  private final long reserve;

  /**
   * @param config the ratio and reserve
   * @param nanoClock a monotonic nanosecond clock ({@code System::nanoTime}; a fake one in tests)
   */
  public RetryBudget(RetryConfig config, LongSupplier nanoClock) {
    Objects.requireNonNull(config, "config");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.deposit = Math.round(config.budgetRatio() * SCALE);
    this.reserve = config.minRetriesPerSecond() * WINDOW.toSeconds() * SCALE;
  }

  /** Records a request to this route (not a retry). */
  public void deposit(String routeId) {
    if (deposit > 0) {
      window(routeId).add(deposit, nanoClock.getAsLong());
    }
  }

  /** Takes one retry from this route's budget if there is one. */
  public boolean tryWithdraw(String routeId) {
    return window(routeId).tryWithdraw(SCALE, reserve, nanoClock.getAsLong());
  }

  private Window window(String routeId) {
    Window window = windows.get(routeId);
    return window != null ? window : windows.computeIfAbsent(routeId, id -> new Window());
  }

  /** A balance over a sliding window, kept in slices that expire one by one. */
  private static final class Window {
    private static final long SLICE_NANOS = WINDOW.toNanos() / SLICES;
    private final long[] amounts = new long[SLICES];
    private final long[] sliceIds = new long[SLICES];

    Window() {
      Arrays.fill(sliceIds, Long.MIN_VALUE);
    }

    synchronized void add(long amount, long now) {
      long slice = Math.floorDiv(now, SLICE_NANOS);
      int i = (int) Math.floorMod(slice, (long) SLICES);
      if (sliceIds[i] != slice) {
        sliceIds[i] = slice;
        amounts[i] = 0;
      }
      amounts[i] += amount;
    }

    synchronized boolean tryWithdraw(long amount, long reserve, long now) {
      long slice = Math.floorDiv(now, SLICE_NANOS);
      long balance = reserve;
      for (int i = 0; i < SLICES; i++) {
        if (sliceIds[i] != Long.MIN_VALUE && slice - sliceIds[i] < SLICES) {
          balance += amounts[i];
        }
      }
      if (balance < amount) {
        return false;
      }
      add(-amount, now);
      return true;
    }
  }
}
