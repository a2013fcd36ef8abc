package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a span of time without blocking: the drain delay of a shutdown. Production uses Vert.x timers; tests
 * pass one they complete themselves, so no test waits for real time.
 */
@FunctionalInterface
public interface Delay {
  /** @return a future completed once {@code span} has passed */
  Future<Void> after(Duration span);

  /** Vert.x timers; a zero span completes at once. */
  static Delay timers(Vertx vertx) {
    return span -> span.isZero() ? Future.succeededFuture()
        : vertx.timer(span.toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
  }
}
