package org.csgateway.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.csgateway.auth.token.AuthServerListener;

/** {@code csgateway_auth_server_duration_seconds{outcome}}: each call to the authorization server (valid, invalid, error). */
final class AuthServerMetrics implements AuthServerListener {
  private final Timer[] timers = new Timer[Outcome.values().length];

  AuthServerMetrics(MeterRegistry registry) {
    for (Outcome outcome : Outcome.values()) {
      timers[outcome.ordinal()] = Timer.builder("csgateway.auth.server.duration")
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .description("Calls to the authorization server (cache misses of the token validation cache)")
          .register(registry);
    }
  }

  @Override
  public void onValidation(Outcome outcome, long nanos) {
    timers[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
  }
}
