package org.csgateway.app;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The time sources of one gateway, so that tests can move time instead of sleeping: the Caffeine ticker of every
 * cache (tokens, Basic verdicts, responses), the wall clock that token expiry and the sandbox's tokens are read
 * against, and the monotonic nano clock of the rate limiter, the upstream guard and the retry budget. The three
 * must agree (a fake one advances them together). Production uses {@link #system()}.
 *
 * @param ticker nanoseconds for the caches
 * @param wall the current instant, for token expiry (and the sandbox's token clock)
 * @param nanos nanoseconds for the limiters and the retry budget
 */
public record Clocks(Ticker ticker, InstantSource wall, LongSupplier nanos) {
  public Clocks {
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(wall, "wall");
    Objects.requireNonNull(nanos, "nanos");
  }

  /** The system's clocks. */
  public static Clocks system() {
    return new Clocks(Ticker.systemTicker(), InstantSource.system(), System::nanoTime);
  }

  /** One fake clock serving as all three: its {@link Ticker#read()} is also the nano clock. */
  public static <C extends Ticker & InstantSource> Clocks of(C clock) {
    return new Clocks(clock, clock, clock::read);
  }
}
