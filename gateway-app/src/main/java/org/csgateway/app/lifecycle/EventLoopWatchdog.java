package org.csgateway.app.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Warns when an event loop has not run a task for longer than a limit, with the stack the loop is stuck in, and again
 * with the whole stall once it runs again. It posts one probe task to each loop per check and looks at how long the
 * last one has waited, so a loop that runs costs nothing between checks.
 *
 * <p>Why not Vert.x's blocked-thread checker: that one needs every task an event loop dispatches to read the clock
 * (its start time), and the entry point turns those clock reads off ({@code vertx.disableContextTimings}), which made
 * the full pipeline 2.5-3.6% faster in alternating pairs. This watchdog sees the same stalls (a loop that does not
 * come back to its queue) from outside, a second or so later, and does not watch worker threads.
 */
public final class EventLoopWatchdog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventLoopWatchdog.class.getName());

  private final List<Loop> loops;
  private final long limitNanos;
  private final LongSupplier nanoClock;
  private final BiConsumer<String, Throwable> warn;
  private ScheduledExecutorService checker;

  /**
   * @param loops the event loops to watch
   * @param limit how long a loop may go without running a queued task before it is reported
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   * @param warn where reports go: the message, and an exception carrying the loop's stack (null on recovery)
   */
  public EventLoopWatchdog(List<? extends Executor> loops, Duration limit, LongSupplier nanoClock,
      BiConsumer<String, Throwable> warn) {
    this.loops = Objects.requireNonNull(loops, "loops").stream().map(Loop::new).toList();
    this.limitNanos = Objects.requireNonNull(limit, "limit").toNanos();
    if (limitNanos <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.warn = Objects.requireNonNull(warn, "warn");
  }

  /** Reports to this class's logger at WARNING. */
  public EventLoopWatchdog(List<? extends Executor> loops, Duration limit) {
    this(loops, limit, System::nanoTime, (message, stack) -> LOG.log(System.Logger.Level.WARNING, message, stack));
  }

  /** Checks every {@code interval} on a daemon thread of its own, until {@link #close()}. */
  public synchronized EventLoopWatchdog start(Duration interval) {
    if (checker == null) {
      checker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "csgateway-event-loop-watchdog");
        thread.setDaemon(true);
        return thread;
      });
      long millis = Math.max(1, interval.toMillis());
      checker.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * One check: for each loop, reports a probe that has waited past the limit (once per stall), reports the end of a
   * stall that was reported, and posts a new probe where none is waiting.
   */
  public void check() {
    long now = nanoClock.getAsLong();
    for (Loop loop : loops) {
      loop.check(now);
    }
  }

  @Override
  public synchronized void close() {
    if (checker != null) {
      checker.shutdownNow();
      checker = null;
    }
  }

  /** One watched loop; its probe state is written by the loop and read by the checker. */
  private final class Loop {
    private final Executor executor;
    private volatile Thread thread;
    /** When the waiting probe was posted, or -1 when none waits. */
    private volatile long postedAt = -1;
    private volatile long ranAt;
    private long reportedPostedAt = -1;
    private boolean gone;

    Loop(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "loop");
    }

    void check(long now) {
      if (gone) {
        return;
      }
      long posted = postedAt;
      if (posted >= 0) {
        if (now - posted > limitNanos && reportedPostedAt != posted) {
          reportedPostedAt = posted;
          reportStall(now - posted);
        }
        return;
      }
      if (reportedPostedAt >= 0) {
        long stalled = ranAt - reportedPostedAt;
        reportedPostedAt = -1;
        warn.accept(name() + " ran again after " + TimeUnit.NANOSECONDS.toMillis(stalled) + " ms", null);
      }
      postedAt = now;
      try {
        executor.execute(() -> {
          thread = Thread.currentThread();
          ranAt = nanoClock.getAsLong();
          postedAt = -1;
        });
      } catch (RejectedExecutionException closing) {
        gone = true; // the loop shut down with Vert.x: nothing left to watch
      }
    }

    private void reportStall(long waitedNanos) {
      Thread stuck = thread;
      Throwable where = null;
      if (stuck != null) {
        where = new IllegalStateException(stuck.getName() + " is here");
        where.setStackTrace(stuck.getStackTrace());
      }
      warn.accept(name() + " has not run a queued task for " + TimeUnit.NANOSECONDS.toMillis(waitedNanos)
          + " ms (limit " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms): something blocks it", where);
    }

    private String name() {
      Thread known = thread;
      return known == null ? "an event loop" : known.getName();
    }
  }
}
