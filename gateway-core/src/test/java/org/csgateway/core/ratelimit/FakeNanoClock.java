package org.csgateway.core.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nano clock that moves only when told to. */
public final class FakeNanoClock implements LongSupplier {
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  @Override
  public long getAsLong() {
    return now.get();
  }

  public void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}
