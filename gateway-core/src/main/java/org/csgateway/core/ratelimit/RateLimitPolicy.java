package org.csgateway.core.ratelimit;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.csgateway.core.routing.Route;

/**
 * One GCRA limit: {@code rate} cost units per {@code period}, with up to {@code burst} units at once, drawn from the
 * allowance of the caller that {@code key} names, on the requests {@code routes} selects. Immutable and validated on
 * creation. In YAML, an element of {@code rateLimit.policies} (or {@code rateLimit.failedAuthentication}):
 * <pre>
 * - name: default          # [a-z0-9][a-z0-9_.-]*, at most 64; the policy's name in RateLimit-Policy / RateLimit
 *   rate: 2500             # requests (cost units) per period
 *   period: 5m
 *   burst: 2500            # default: rate
 *   key: principal         # principal | client_id | client_address (default principal)
 *   routes: {ids: [], families: [], methods: []}   # default: every request
 *   costs: {"POST /api/projects": 5, "/api/search": 2}  # by "METHOD template" or template; default 1
 * </pre>
 * The advertised quota is {@code q=burst} over {@code w=ceil(burst * period / rate)} seconds (the time a full
 * allowance takes to refill), which is {@code q=rate;w=period} when burst equals rate.
 */
public record RateLimitPolicy(
    String name, long rate, Duration period, long burst, RateLimitKey key, RouteSelector routes,
    Map<String, Integer> costs) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final Duration MAX_REFILL = Duration.ofDays(3660);

  public RateLimitPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(routes, "routes");
    costs = Map.copyOf(Objects.requireNonNull(costs, "costs"));
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1 to 64 of [a-z0-9_.-] starting with a letter or digit, was '" + name + "'");
    }
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive, was " + rate);
    }
    if (burst <= 0) {
      throw new IllegalArgumentException("burst must be positive, was " + burst);
    }
    if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException("period must be positive and at most 366d, was " + period);
    }
    if (period.toNanos() / 1000 / rate < 1) {
      throw new IllegalArgumentException(
          "rate must be at most one per microsecond, was " + rate + " per " + period);
    }
    if (burst > MAX_REFILL.toNanos() / (period.toNanos() / rate)) {
      throw new IllegalArgumentException("burst * period / rate (the time a full allowance takes to refill) must be"
          + " at most " + MAX_REFILL.toDays() + "d, was burst " + burst + " at " + rate + " per " + period);
    }
    for (Map.Entry<String, Integer> cost : costs.entrySet()) {
      if (cost.getValue() == null || cost.getValue() <= 0 || cost.getValue() > burst) {
        throw new IllegalArgumentException("cost of '" + cost.getKey() + "' must be between 1 and burst " + burst
            + ", was " + cost.getValue());
      }
    }
  }

  /** A policy with burst equal to rate, every request selected, every request costing 1. */
  public static RateLimitPolicy of(String name, long rate, Duration period, RateLimitKey key) {
    return new RateLimitPolicy(name, rate, period, rate, key, RouteSelector.all(), Map.of());
  }

  /**
   * The stricter default for {@code POST /api/oauth/token}, against credential guessing: 10 per minute per client
   * address, at most 10 at once. List it before broader policies: the first matching policy applies.
   */
  public static RateLimitPolicy oauthTokenDefault() {
    return new RateLimitPolicy("oauth-token", 10, Duration.ofMinutes(1), 10, RateLimitKey.CLIENT_ADDRESS,
        new RouteSelector(Set.of("/api/oauth/token"), Set.of(), Set.of(HttpMethod.POST)), Map.of());
  }

  /** The default per-caller policy: the upstream's own per-address budget (2500 per 5 minutes), per principal. */
  public static RateLimitPolicy callerDefault() {
    return of("default", 2500, Duration.ofMinutes(5), RateLimitKey.PRINCIPAL);
  }

  /** The default for failed authentications: 10 at once per address (and client id), one more every 30 seconds. */
  public static RateLimitPolicy failedAuthenticationDefault() {
    return of("auth-failures", 10, Duration.ofMinutes(5), RateLimitKey.CLIENT_ADDRESS);
  }

  /** The cost of a request on this route (null when unmatched): "METHOD template", else template, else 1. */
  public int costOf(Route route) {
    if (route == null || costs.isEmpty()) {
      return 1;
    }
    Integer cost = costs.get(route.method().name() + ' ' + route.id());
    if (cost == null) {
      cost = costs.get(route.id());
    }
    return cost == null ? 1 : cost;
  }

  /** The time between two units of allowance, in nanoseconds. */
  public long emissionIntervalNanos() {
    return period.toNanos() / rate;
  }

  /** The time between two units of allowance, in microseconds (the shared store's resolution). */
  public long emissionIntervalMicros() {
    return period.toNanos() / 1000 / rate;
  }

  /** How long a full allowance takes to refill (burst × emission interval, GCRA's tolerance), in nanoseconds. */
  public long refillNanos() {
    return emissionIntervalNanos() * burst;
  }

  /** The advertised window: {@link #refillNanos} in whole seconds, rounded up, at least 1. */
  public long windowSeconds() {
    return Math.max(1, RateLimitDecision.ceilSeconds(Duration.ofNanos(refillNanos())));
  }
}
