package org.csgateway.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csgateway.core.ratelimit.RateLimitDecision;
import org.csgateway.core.ratelimit.RateLimitListener;
import org.csgateway.core.ratelimit.RateLimitPolicy;

/**
 * {@code csgateway_ratelimit_decisions_total{policy,decision}}: allowed, limited, or store_unavailable (admitted
 * unchecked, or refused, because the shared store did not answer). Policies are named in the configuration, so the
 * label is bounded; the counters of a policy are found by its name in a plain map.
 */
final class RateLimitMetrics implements RateLimitListener {
  private static final int ALLOWED = 0;
  private static final int LIMITED = 1;
  private static final int UNAVAILABLE = 2;
  private static final String[] DECISIONS = {"allowed", "limited", "store_unavailable"};

  private final MeterRegistry registry;
  private final Map<String, Counter[]> policies = new ConcurrentHashMap<>();

  RateLimitMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onDecision(RateLimitPolicy policy, RateLimitDecision decision) {
    counters(policy.name())[!decision.enforced() ? UNAVAILABLE : decision.allowed() ? ALLOWED : LIMITED].increment();
  }

  @Override
  public void onUndecided(RateLimitPolicy policy) {
    counters(policy.name())[UNAVAILABLE].increment();
  }

  private Counter[] counters(String policy) {
    Counter[] counters = policies.get(policy);
    return counters != null ? counters : policies.computeIfAbsent(policy, this::register);
  }

  private Counter[] register(String policy) {
    Counter[] counters = new Counter[DECISIONS.length];
    for (int i = 0; i < DECISIONS.length; i++) {
      counters[i] = Counter.builder("csgateway.ratelimit.decisions").tag("policy", policy).tag("decision", DECISIONS[i])
          .description("Rate-limit decisions by policy").register(registry);
    }
    return counters;
  }
}
