package org.csgateway.auth.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves: Caffeine's nano ticker and the wall clock advance together, and only when told. */
public final class FakeClock implements Ticker, InstantSource {
  private final Instant origin = Instant.now();
  private final AtomicLong nanos = new AtomicLong();

  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Override
  public long read() {
    return nanos.get();
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(nanos.get());
  }
}
