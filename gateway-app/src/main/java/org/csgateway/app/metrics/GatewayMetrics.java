package org.csgateway.app.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.csgateway.app.SharedComponents;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.MetricsSettings;

/**
 * The metrics of one gateway, in one {@link PrometheusMeterRegistry} that belongs to it (never a global one: tests
 * run several gateways in one JVM): the per-request meters, the listeners the modules call, the meters read from
 * the running parts, and JVM and process metrics. The registry may be shared with Vert.x's own metrics (Main passes
 * the one it gave Vert.x); {@link #scrape()} is the Prometheus text of everything in it.
 */
public final class GatewayMetrics implements AutoCloseable {
  /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final boolean ownsRegistry;
  private final RequestMetrics requests;
  private final RateLimitMetrics rateLimits;
  private final UpstreamMetrics upstream;
  private final AuthServerMetrics authServer;
  private final ConfigMetrics config;
  private final List<AutoCloseable> binders = new ArrayList<>();
  private volatile ComponentGauges components; // held here: Micrometer holds gauge state weakly

  /**
   * @param registry the registry to fill, or null to make one of its own (closed with this)
   * @param settings whether latency timers publish buckets and JVM metrics are bound
   */
  public GatewayMetrics(PrometheusMeterRegistry registry, MetricsSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.ownsRegistry = registry == null;
    this.registry = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.requests = new RequestMetrics(this.registry, settings.histograms());
    this.rateLimits = new RateLimitMetrics(this.registry);
    this.upstream = new UpstreamMetrics(this.registry);
    this.authServer = new AuthServerMetrics(this.registry);
    this.config = new ConfigMetrics(this.registry);
    if (settings.jvm()) {
      bindJvm();
    }
  }

  private void bindJvm() {
    JvmGcMetrics gc = new JvmGcMetrics(); // listens to GC notifications until closed
    binders.add(gc);
    for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ProcessorMetrics(),
        new UptimeMetrics(), new FileDescriptorMetrics())) {
      binder.bindTo(registry);
    }
  }

  /** Registers the meters read from the running parts: readiness, caches, the upstream limiter. */
  public void bindComponents(GatewayConfig started, BooleanSupplier ready,
      Supplier<Optional<SharedComponents>> components) {
    ComponentGauges gauges = new ComponentGauges(registry, components);
    gauges.bind(started, ready);
    this.components = gauges;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Everything in the registry, in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  RequestMetrics requests() {
    return requests;
  }

  RateLimitMetrics rateLimits() {
    return rateLimits;
  }

  UpstreamMetrics upstream() {
    return upstream;
  }

  AuthServerMetrics authServer() {
    return authServer;
  }

  /** The configuration's reload counters and hash gauge. */
  public ConfigMetrics config() {
    return config;
  }

  @Override
  public void close() {
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        System.getLogger(GatewayMetrics.class.getName()).log(System.Logger.Level.DEBUG, "closing a binder failed", e);
      }
    }
    if (ownsRegistry) {
      registry.close();
    }
  }
}
