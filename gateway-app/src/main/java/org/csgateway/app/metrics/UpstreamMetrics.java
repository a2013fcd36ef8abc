package org.csgateway.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.csgateway.core.forward.ForwardListener;
import org.csgateway.core.protect.UpstreamGuardListener;

/**
 * The upstream's counters: {@code csgateway_upstream_rejected_total} (answered 503 by the upstream guard without
 * reaching it), {@code csgateway_upstream_retries_total}, {@code csgateway_upstream_errors_total{kind}} (connect,
 * timeout, reset). The in-flight and limit gauges are read from the limiter by {@link ComponentGauges}.
 */
final class UpstreamMetrics implements ForwardListener, UpstreamGuardListener {
  private final Counter rejected;
  private final Counter retries;
  private final Counter[] errors = new Counter[ErrorKind.values().length];

  UpstreamMetrics(MeterRegistry registry) {
    rejected = Counter.builder("csgateway.upstream.rejected")
        .description("Requests answered 503 by the upstream guard without reaching the upstream").register(registry);
    retries = Counter.builder("csgateway.upstream.retries")
        .description("Attempts repeated after a failed one").register(registry);
    for (ErrorKind kind : ErrorKind.values()) {
      errors[kind.ordinal()] = Counter.builder("csgateway.upstream.errors")
          .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
          .description("Requests the upstream failed, after any retries").register(registry);
    }
  }

  @Override
  public void onRejected(Rejection reason) {
    rejected.increment();
  }

  @Override
  public void onRetry() {
    retries.increment();
  }

  @Override
  public void onError(ErrorKind kind) {
    errors[kind.ordinal()].increment();
  }
}
