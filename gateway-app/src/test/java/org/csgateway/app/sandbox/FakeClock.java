package org.csgateway.app.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, so token expiry is tested without waiting. */
final class FakeClock implements InstantSource {
  private volatile Instant now;

  FakeClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }
}
