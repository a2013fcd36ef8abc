package org.csgateway.core.ratelimit;

/**
 * The generic cell rate algorithm on one key, in any time unit. The state is one number, the theoretical arrival
 * time (TAT): when the allowance would be full again. A request of cost {@code c} at {@code now} is admitted when
 * {@code max(tat, now) + c * emission - tolerance <= now}, and only an admitted request moves the TAT, so refused
 * requests cost the caller nothing. {@code tolerance = burst * emission}.
 *
 * <p>The Redis store runs the same arithmetic in Lua ({@code RedisRateLimitStore.SCRIPT}); keep them in step.
 */
final class Gcra {
  private Gcra() {}

  /**
   * @param allowed whether the request is admitted
   * @param tat the TAT to store (unchanged when refused)
   * @param remaining units that could still pass now
   * @param resetAfter time until the allowance is full
   * @param retryAfter time until this request would be admitted; 0 when admitted
   */
  record Outcome(boolean allowed, long tat, long remaining, long resetAfter, long retryAfter) {}

  /**
   * @param storedTat the stored TAT; when the key has none, any time not after {@code now}
   * @param now the current time
   * @param emission the time one unit takes to refill
   * @param tolerance {@code burst * emission}
   * @param cost units the request costs, at least 1
   */
  static Outcome evaluate(long storedTat, long now, long emission, long tolerance, int cost) {
    long tat = Math.max(storedTat, now);
    long newTat = tat + emission * cost;
    long allowAt = newTat - tolerance;
    if (now < allowAt) {
      long remaining = Math.max(0, (tolerance - (tat - now)) / emission);
      return new Outcome(false, storedTat, remaining, tat - now, allowAt - now);
    }
    return new Outcome(true, newTat, (tolerance - (newTat - now)) / emission, newTat - now, 0);
  }
}
