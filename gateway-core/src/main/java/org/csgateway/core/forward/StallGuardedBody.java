package org.csgateway.core.forward;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.TimeoutException;
import org.csgateway.core.pipeline.AbortableStream;

/**
 * The upstream's response body, failed with a {@link TimeoutException} when the upstream stays silent for longer
 * than the idle timeout while its reader wants more: the upstream request is reset (its connection cannot carry
 * another exchange) and the reader's exception handler told, so whoever writes the answer cuts the client's
 * connection. The clock runs only while the reader has demand: a body paused because the client reads slowly is the
 * client's business, not the upstream's. Its own end and exception handlers stay on the response, so the clock stops
 * even when a reader gives up early. Confined to the response's event loop.
 */
final class StallGuardedBody implements ReadStream<Buffer>, AbortableStream {
  private final Vertx vertx;
  private final HttpClientResponse response;
  private final long idleMillis;
  private final Runnable onStall;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  /** Chunks the reader asked for and has not received; Long.MAX_VALUE while flowing. */
  private long demand;
  private long lastActivityNanos;
  private long timer = -1;
  private boolean arming;
  private boolean finished;

  /**
   * @param response the upstream's response, paused: the clock starts when a reader resumes or fetches it
   * @param onStall run once when the clock runs out, before the reader is told
   */
  StallGuardedBody(Vertx vertx, HttpClientResponse response, long idleMillis, Runnable onStall) {
    this.vertx = vertx;
    this.response = response;
    this.idleMillis = idleMillis;
    this.onStall = onStall;
    response.handler(this::chunk);
    response.endHandler(v -> {
      if (finish()) {
        emit(endHandler, v);
      }
    });
    response.exceptionHandler(failure -> {
      if (finish()) {
        emit(exceptionHandler, failure);
      }
    });
  }

  private void chunk(Buffer chunk) {
    if (finished) {
      return;
    }
    if (demand != Long.MAX_VALUE && demand > 0) {
      demand--;
    }
    lastActivityNanos = System.nanoTime();
    emit(handler, chunk);
  }

  /**
   * Starts the clock afresh when the reader asks for more; one timer, checked when it fires (no churn per chunk).
   * The timer is set only once the current event-loop task is over: a small answer usually ends in the very read
   * that delivers its head, and then no timer is ever needed (setting and cancelling one per request cost more than
   * the rest of this class).
   */
  private void demanded() {
    lastActivityNanos = System.nanoTime();
    if (!finished && timer < 0 && !arming) {
      arming = true;
      vertx.runOnContext(v -> arm());
    }
  }

  private void arm() {
    arming = false;
    if (!finished && timer < 0 && demand != 0) {
      long silentMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
      timer = vertx.setTimer(Math.max(1, idleMillis - silentMillis), id -> check());
    }
  }

  private void check() {
    timer = -1;
    if (finished || demand == 0) {
      return; // the reader stopped asking; demanded() starts the clock again
    }
    long silentMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
    if (silentMillis < idleMillis) {
      timer = vertx.setTimer(idleMillis - silentMillis, id -> check());
      return;
    }
    finish();
    onStall.run();
    TimeoutException stall = new TimeoutException(
        "The upstream's response body stalled for more than " + idleMillis + " ms");
    response.request().reset(0, stall);
    emit(exceptionHandler, stall);
  }

  /** Stops the clock for good; false if it was already stopped. */
  private boolean finish() {
    if (finished) {
      return false;
    }
    finished = true;
    cancel();
    return true;
  }

  private void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private static <T> void emit(Handler<T> target, T event) {
    if (target != null) {
      target.handle(event);
    }
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    response.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    demand = Long.MAX_VALUE;
    demanded();
    response.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    if (amount > 0) {
      demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
      demanded();
    }
    response.fetch(amount);
    return this;
  }

  /**
   * Resets the upstream request. The clock stops, and the reset reaches the reader as a failure through the
   * response's exception handler, which this body keeps installed.
   */
  @Override
  public void abort() {
    cancel();
    response.request().reset();
  }
}
