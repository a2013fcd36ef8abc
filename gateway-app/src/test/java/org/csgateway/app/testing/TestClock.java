package org.csgateway.app.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.csgateway.app.Clocks;

/**
 * Time that moves only when a test says so: a Caffeine {@link Ticker} (nanoseconds, also the nano clock) and an
 * {@link InstantSource} that agree. It starts at the real current instant, so tokens the sandbox dates with it look
 * fresh. Thread-safe. {@code TestGateway.start(vertx, yaml, clock.clocks())}.
 */
public final class TestClock implements Ticker, InstantSource {
  private final Instant start = Instant.now();
  private final AtomicLong elapsedNanos = new AtomicLong();

  /** Moves every reading forward. */
  public void advance(Duration by) {
    elapsedNanos.addAndGet(by.toNanos());
  }

  @Override
  public long read() {
    return elapsedNanos.get();
  }

  @Override
  public Instant instant() {
    return start.plusNanos(elapsedNanos.get());
  }

  /** This clock as every time source of a gateway. */
  public Clocks clocks() {
    return Clocks.of(this);
  }
}
