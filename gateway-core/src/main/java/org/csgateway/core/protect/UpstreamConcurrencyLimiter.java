package org.csgateway.core.protect;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.protect.UpstreamGuardListener.Rejection;

/**
 * An adaptive limit on requests in flight to the upstream (AIMD). A request takes a {@link Permit} at once while
 * fewer than {@link #limit()} are in flight, else waits in a bounded FIFO queue for at most the queue timeout;
 * past that, or with the queue full, it is refused with 503. Each answer adjusts the limit: one more after an
 * answer within the latency target, times the backoff ratio after a 429, 503 or 504 or a slow answer. A 429 or 503
 * with {@code Retry-After} stops all sending until then (refusing queued and new requests with the remaining time).
 * Shared by every event loop: state changes under one lock that is never held while waiting; waiters are resumed
 * on their own context. The nano clock drives latency and back-off, a Vert.x timer the queue timeout.
 */
public final class UpstreamConcurrencyLimiter {
  private final Vertx vertx;
  private final UpstreamProtectionConfig config;
  private final LongSupplier nanoClock;
  private final UpstreamGuardListener listener;
  private final Object lock = new Object();
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  private int limit;
  private int inFlight;
  private long blockedUntilNanos;
  private boolean blocked;

  /**
   * @param vertx for the queue-timeout timers
   * @param config limits, queue and adaptation ({@code upstream.protection})
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   * @param listener metrics hooks
   */
  public UpstreamConcurrencyLimiter(Vertx vertx, UpstreamProtectionConfig config, LongSupplier nanoClock,
      UpstreamGuardListener listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.limit = config.initialLimit();
  }

  /** A slot for one upstream request, or a failed future holding a 503 {@link GatewayException}. */
  public Future<Permit> acquire() {
    long now = nanoClock.getAsLong();
    long backoff;
    boolean granted = false;
    Waiter waiter = null;
    synchronized (lock) {
      backoff = backoffRemaining(now);
      if (backoff <= 0 && inFlight < limit && queue.isEmpty()) {
        inFlight++;
        granted = true;
      } else if (backoff <= 0 && queue.size() < config.queueSize()) {
        waiter = new Waiter(Vertx.currentContext());
        queue.addLast(waiter);
      }
    }
    if (granted) {
      return Future.succeededFuture(new Permit(now));
    }
    if (backoff > 0) {
      return Future.failedFuture(refusal(Rejection.UPSTREAM_BACKOFF, Duration.ofNanos(backoff)));
    }
    if (waiter == null) {
      return Future.failedFuture(refusal(Rejection.QUEUE_FULL, config.retryAfter()));
    }
    Waiter queued = waiter;
    queued.timer = vertx.setTimer(config.queueTimeout().toMillis(), id -> expire(queued));
    return queued.promise.future();
  }

  /** Requests in flight to the upstream now (a gauge). */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /** The current adaptive limit (a gauge). */
  public int limit() {
    synchronized (lock) {
      return limit;
    }
  }

  /** Requests waiting for a slot now (a gauge). */
  public int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }

  private void expire(Waiter waiter) {
    boolean removed;
    synchronized (lock) {
      removed = queue.remove(waiter);
    }
    if (removed) {
      waiter.fail(refusal(Rejection.QUEUE_TIMEOUT, config.retryAfter()));
    }
  }

  private long backoffRemaining(long now) {
    if (blocked && blockedUntilNanos - now <= 0) {
      blocked = false;
    }
    return blocked ? blockedUntilNanos - now : 0;
  }

  private GatewayException refusal(Rejection reason, Duration retryAfter) {
    listener.onRejected(reason);
    long seconds = Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    String message = reason == Rejection.UPSTREAM_BACKOFF
        ? "The upstream asked for a pause; retry in " + seconds + " seconds"
        : "The upstream is at capacity; retry in " + seconds + " seconds";
    String code = reason == Rejection.UPSTREAM_BACKOFF ? "UPSTREAM_BACKOFF" : "UPSTREAM_" + reason.name();
    return new GatewayException(503, code, message,
        Map.of("Retry-After", Long.toString(seconds)), null);
  }

  /** Adapts the limit to one answer; returns the waiters to refuse because the upstream asked for a pause. */
  private List<Waiter> adapt(long grantedNanos, int status, MultiMap headers) {
    long now = nanoClock.getAsLong();
    boolean slow = now - grantedNanos > config.latencyTarget().toNanos();
    int before;
    int after;
    List<Waiter> refused = List.of();
    synchronized (lock) {
      before = limit;
      if (status == 429 || status == 503 || status == 504 || slow) {
        limit = Math.max(config.minLimit(), (int) Math.floor(limit * config.backoffRatio()));
      } else if (status < 500) {
        limit = Math.min(config.maxLimit(), limit + 1);
      }
      after = limit;
      Duration pause = status == 429 || status == 503
          ? RetryAfter.parse(headers.get("Retry-After"), headers.get("Date")) : null;
      if (pause != null && !pause.isZero()) {
        long until = now + Math.min(pause.toNanos(), config.maxRetryAfter().toNanos());
        if (!blocked || until - blockedUntilNanos > 0) {
          blockedUntilNanos = until;
        }
        blocked = true;
        refused = new ArrayList<>(queue);
        queue.clear();
      }
    }
    if (before != after) {
      listener.onLimitChanged(before, after);
    }
    return refused;
  }

  /** Frees one slot (when {@code freed}) and hands free slots to waiters, first come first served. */
  private void drain(boolean freed) {
    List<Waiter> granted = new ArrayList<>(2);
    long now = nanoClock.getAsLong();
    synchronized (lock) {
      if (freed) {
        inFlight--;
      }
      while (inFlight < limit && !queue.isEmpty() && backoffRemaining(now) <= 0) {
        inFlight++;
        granted.add(queue.pollFirst());
      }
    }
    for (Waiter waiter : granted) {
      waiter.grant(new Permit(now));
    }
  }

  /**
   * One slot. The guard reports the upstream's answer with {@link #complete} when its head arrives and frees the
   * slot with {@link #release} when its body ends or fails; both may be called more than once.
   */
  public final class Permit {
    private final long grantedNanos;
    private boolean completed;
    private boolean released;

    private Permit(long grantedNanos) {
      this.grantedNanos = grantedNanos;
    }

    /** Adapts the limit to the upstream's answer (status and its {@code Retry-After} and {@code Date}). */
    public void complete(int status, MultiMap headers) {
      synchronized (this) {
        if (completed) {
          return;
        }
        completed = true;
      }
      Duration wait = null;
      List<Waiter> refused = adapt(grantedNanos, status, headers);
      for (Waiter waiter : refused) {
        if (wait == null) {
          synchronized (lock) {
            wait = Duration.ofNanos(Math.max(0, blockedUntilNanos - nanoClock.getAsLong()));
          }
        }
        waiter.fail(refusal(Rejection.UPSTREAM_BACKOFF, wait));
      }
      drain(false);
    }

    /** Frees the slot and hands it to the first waiter, if any. */
    public void release() {
      synchronized (this) {
        if (released) {
          return;
        }
        released = true;
      }
      drain(true);
    }
  }

  /** A request waiting for a slot, resumed on the context it came from. */
  private final class Waiter {
    private final Context context;
    private final Promise<Permit> promise = Promise.promise();
    private volatile long timer = -1;

    private Waiter(Context context) {
      this.context = context;
    }

    private void grant(Permit permit) {
      vertx.cancelTimer(timer);
      resume(() -> {
        if (!promise.tryComplete(permit)) {
          permit.release();
        }
      });
    }

    private void fail(GatewayException error) {
      vertx.cancelTimer(timer);
      resume(() -> promise.tryFail(error));
    }

    private void resume(Runnable action) {
      if (context == null) {
        action.run();
      } else {
        context.runOnContext(v -> action.run());
      }
    }
  }
}
