package org.csgateway.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.csgateway.app.SharedComponents;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.auth.AuthModule;
import org.csgateway.cache.ResponseCache;
import org.csgateway.core.protect.UpstreamConcurrencyLimiter;

/**
 * Meters read at scrape time from the running parts, never on the request path: readiness, the response cache's
 * size and stores, the token validation cache's hits and misses, and the upstream limiter's in-flight count and
 * limit. The parts are looked up through a supplier each time, so a configuration reload that replaces one is
 * followed (a counter of a replaced part starts again from zero, which Prometheus reads as a reset). A part that is
 * absent reads as NaN; the meters of a feature switched off at start are not registered.
 */
final class ComponentGauges {
  private final MeterRegistry registry;
  private final Supplier<Optional<SharedComponents>> components;
  private volatile BooleanSupplier ready = () -> false;

  ComponentGauges(MeterRegistry registry, Supplier<Optional<SharedComponents>> components) {
    this.registry = registry;
    this.components = components;
  }

  /**
   * Registers the meters. Micrometer holds a meter's state object weakly: this object is the state of every meter
   * here, so whoever binds it must keep it (the {@link GatewayMetrics} does).
   */
  void bind(GatewayConfig config, BooleanSupplier isReady) {
    this.ready = isReady;
    Gauge.builder("csgateway.ready", this, g -> g.ready.getAsBoolean() ? 1 : 0)
        .description("1 while the gateway should receive traffic, else 0").register(registry);
    if (config.cache().enabled()) {
      gauge("csgateway.cache.entries", "Entries in the response cache", SharedComponents::cache,
          ResponseCache::size);
      gauge("csgateway.cache.bytes", "Bytes held by the response cache", SharedComponents::cache,
          ResponseCache::weightedSize);
      gauge("csgateway.cache.full", "1 while the response cache's byte bound is evicting (minUsesWhenFull applies)",
          SharedComponents::cache, cache -> cache.isFull() ? 1 : 0);
      cacheCounter("store", ResponseCache::stores);
      cacheCounter("declined", ResponseCache::declined);
    }
    if (config.auth().enabled()) {
      authCounter("hit", auth -> auth.tokenCache().stats().hitCount());
      authCounter("miss", auth -> auth.tokenCache().stats().missCount());
    }
    if (config.protection().enabled()) {
      gauge("csgateway.upstream.inflight", "Requests at the upstream now, as the upstream guard counts them",
          SharedComponents::upstreamLimiter, UpstreamConcurrencyLimiter::inFlight);
      gauge("csgateway.upstream.concurrency.limit", "The upstream guard's adaptive limit on requests in flight",
          SharedComponents::upstreamLimiter, UpstreamConcurrencyLimiter::limit);
    }
  }

  /** One result of {@code csgateway.cache.requests} that the cache counts itself (the others are per request). */
  private void cacheCounter(String result, ToDoubleFunction<ResponseCache> count) {
    FunctionCounter.builder("csgateway.cache.requests", this, g -> g.read(SharedComponents::cache, count))
        .tag("result", result)
        .description("Answers of cacheable routes, by what the response cache did")
        .register(registry);
  }

  private void authCounter(String result, ToDoubleFunction<AuthModule> count) {
    FunctionCounter.builder("csgateway.auth.validation.cache.requests", this,
            g -> g.read(SharedComponents::auth, count))
        .tag("result", result)
        .description("Token validations answered from the validation cache (hit) or by the server (miss)")
        .register(registry);
  }

  private <P> void gauge(String name, String description, Function<SharedComponents, Optional<P>> part,
      ToDoubleFunction<P> value) {
    Gauge.builder(name, this, g -> g.read(part, value)).description(description).register(registry);
  }

  private <P> double read(Function<SharedComponents, Optional<P>> part, ToDoubleFunction<P> value) {
    return components.get().flatMap(part).map(p -> value.applyAsDouble(p)).orElse(Double.NaN);
  }
}
