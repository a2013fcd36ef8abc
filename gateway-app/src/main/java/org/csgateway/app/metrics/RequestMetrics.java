package org.csgateway.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.observe.RequestRecord;
import org.csgateway.core.observe.StatusClasses;

/**
 * The per-request meters: requests by route, method, status class and API version; the three latency timers by
 * route and method; bytes in and out; cache and authentication results. Meters are registered on first use and
 * then found through plain maps and arrays keyed by route id and method index, so a request costs no registry
 * lookup. Every label value comes from a fixed set or the route table, so the number of series is bounded by
 * routes x methods, whatever paths clients send.
 */
final class RequestMetrics implements RequestObserver {
  /** Latency buckets: gateway overhead is sub-millisecond, upstream calls up to the response timeout. */
  private static final Duration[] BUCKETS = {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
  private static final List<String> CACHE_RESULTS = List.of("hit", "miss", "bypass", "revalidated");
  private static final List<String> AUTH_KINDS = List.of("basic", "bearer", "none");
  private static final List<String> AUTH_RESULTS = List.of("ok", "invalid", "expired", "forbidden", "unavailable");

  private final MeterRegistry registry;
  private final boolean histograms;
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<String, Counter> cacheResults = new ConcurrentHashMap<>();
  private final Counter[][] authResults = new Counter[AUTH_KINDS.size()][AUTH_RESULTS.size()];

  RequestMetrics(MeterRegistry registry, boolean histograms) {
    this.registry = registry;
    this.histograms = histograms;
    this.bytesIn = Counter.builder("csgateway.request.bytes")
        .description("Request body bytes received").register(registry);
    this.bytesOut = Counter.builder("csgateway.response.bytes")
        .description("Response body bytes sent").register(registry);
    for (String result : CACHE_RESULTS) {
      cacheResults.put(result, Counter.builder("csgateway.cache.requests").tag("result", result)
          .description("Answers of cacheable routes, by what the response cache did").register(registry));
    }
    for (int kind = 0; kind < AUTH_KINDS.size(); kind++) {
      for (int result = 0; result < AUTH_RESULTS.size(); result++) {
        authResults[kind][result] = Counter.builder("csgateway.auth.requests")
            .tag("kind", AUTH_KINDS.get(kind)).tag("result", AUTH_RESULTS.get(result))
            .description("Authentication and authorization verdicts").register(registry);
      }
    }
  }

  @Override
  public void onRequestEnd(RequestRecord record) {
    RouteMeters route = routes.get(record.routeId());
    if (route == null) {
      route = routes.computeIfAbsent(record.routeId(), RouteMeters::new);
    }
    MethodMeters method = route.method(MethodLabels.index(record.method()));
    method.requests(record.apiVersion(), StatusClasses.index(record.status())).increment();
    method.total.record(record.totalNanos(), TimeUnit.NANOSECONDS);
    method.gateway.record(record.gatewayNanos(), TimeUnit.NANOSECONDS);
    if (record.upstreamNanos() >= 0) {
      method.upstream.record(record.upstreamNanos(), TimeUnit.NANOSECONDS);
    }
    if (record.bytesIn() > 0) {
      bytesIn.increment(record.bytesIn());
    }
    if (record.bytesOut() > 0) {
      bytesOut.increment(record.bytesOut());
    }
    if (record.cacheResult() != null) {
      Counter cache = cacheResults.get(record.cacheResult());
      if (cache != null) {
        cache.increment();
      }
    }
    if (record.authKind() != null) {
      int kind = AUTH_KINDS.indexOf(record.authKind());
      int result = AUTH_RESULTS.indexOf(record.authResult());
      if (kind >= 0 && result >= 0) {
        authResults[kind][result].increment();
      }
    }
  }

  private Timer timer(String name, String description, String route, String method) {
    Timer.Builder builder = Timer.builder(name).description(description).tag("route", route).tag("method", method);
    if (histograms) {
      builder.serviceLevelObjectives(BUCKETS);
    }
    return builder.register(registry);
  }

  /** The meters of one route, per method. */
  private final class RouteMeters {
    private final String route;
    private final AtomicReferenceArray<MethodMeters> methods = new AtomicReferenceArray<>(MethodLabels.count());

    RouteMeters(String route) {
      this.route = route;
    }

    MethodMeters method(int index) {
      MethodMeters meters = methods.get(index);
      if (meters == null) {
        methods.compareAndSet(index, null, new MethodMeters(route, MethodLabels.label(index)));
        meters = methods.get(index);
      }
      return meters;
    }
  }

  /** The meters of one route and method: three timers, and request counters per API version and status class. */
  private final class MethodMeters {
    private final String route;
    private final String method;
    private final Timer total;
    private final Timer gateway;
    private final Timer upstream;
    private final Map<String, AtomicReferenceArray<Counter>> requests = new ConcurrentHashMap<>();

    MethodMeters(String route, String method) {
      this.route = route;
      this.method = method;
      this.total = timer("csgateway.request.duration", "Time from the request's head until its answer ended",
          route, method);
      this.gateway = timer("csgateway.gateway.duration", "Time spent in the gateway: the total less the upstream wait",
          route, method);
      this.upstream = timer("csgateway.upstream.duration", "Time waiting on the upstream, until its answer's head",
          route, method);
    }

    Counter requests(String apiVersion, int statusClass) {
      String version = apiVersion == null ? "none" : apiVersion;
      AtomicReferenceArray<Counter> byStatus = requests.get(version);
      if (byStatus == null) {
        byStatus = requests.computeIfAbsent(version, v -> new AtomicReferenceArray<>(StatusClasses.count()));
      }
      Counter counter = byStatus.get(statusClass);
      if (counter == null) {
        byStatus.compareAndSet(statusClass, null, Counter.builder("csgateway.requests")
            .description("Requests answered, by route, method, status class and API version")
            .tag("route", route).tag("method", method).tag("status", StatusClasses.label(statusClass))
            .tag("api_version", version).register(registry));
        counter = byStatus.get(statusClass);
      }
      return counter;
    }
  }
}
