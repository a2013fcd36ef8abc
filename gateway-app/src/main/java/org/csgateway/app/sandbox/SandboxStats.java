package org.csgateway.app.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe request counters of a sandbox, so tests can prove what reached the upstream. {@link #totalRequests()}
 * counts every request that arrived (faulted, rejected by the version check or not), except the sandbox's own
 * control API ({@code /_sandbox/stats}, {@code /_sandbox/faults}, {@code /_sandbox/requests}). Route counters count
 * requests that reached a route's handler, keyed {@code "METHOD template"} such as {@code "GET /api/projects"}
 * (unknown {@code /api} paths count under {@link #UNKNOWN_ROUTE}).
 */
public final class SandboxStats {
  /** The route key of requests for unknown {@code /api} paths. */
  public static final String UNKNOWN_ROUTE = "ANY /api/*";

  private final LongAdder total = new LongAdder();
  private final LongAdder tokenInfo = new LongAdder();
  private final LongAdder introspection = new LongAdder();
  private final LongAdder tokenRequests = new LongAdder();
  private final LongAdder revocations = new LongAdder();
  private final Map<String, LongAdder> routes = new ConcurrentHashMap<>();

  /** Every request that arrived, control API excluded. */
  public long totalRequests() {
    return total.sum();
  }

  /** Requests that reached the handler of this route, for example {@code routeRequests("GET /api/projects")}. */
  public long routeRequests(String methodAndTemplate) {
    LongAdder adder = routes.get(methodAndTemplate);
    return adder == null ? 0 : adder.sum();
  }

  /** A snapshot of the non-zero route counters, sorted by key. */
  public Map<String, Long> routeRequests() {
    Map<String, Long> snapshot = new TreeMap<>();
    routes.forEach((key, adder) -> {
      long n = adder.sum();
      if (n != 0) {
        snapshot.put(key, n);
      }
    });
    return snapshot;
  }

  /** Calls of {@code GET /api/oauth/token/info}. */
  public long tokenInfoCalls() {
    return tokenInfo.sum();
  }

  /** Calls of {@code POST /api/oauth/introspect}. */
  public long introspectionCalls() {
    return introspection.sum();
  }

  /** Calls of {@code POST /api/oauth/token}. */
  public long tokenRequests() {
    return tokenRequests.sum();
  }

  /** Calls of {@code POST /api/oauth/revoke}. */
  public long revocationCalls() {
    return revocations.sum();
  }

  /** Sets every counter to zero. Counts racing with the reset may land on either side of it. */
  public void reset() {
    total.reset();
    tokenInfo.reset();
    introspection.reset();
    tokenRequests.reset();
    revocations.reset();
    routes.values().forEach(LongAdder::reset);
  }

  /** The counters as the control API shows them. */
  public JsonObject toJson() {
    JsonObject routeJson = new JsonObject();
    routeRequests().forEach(routeJson::put);
    return new JsonObject()
        .put("totalRequests", totalRequests())
        .put("tokenInfoCalls", tokenInfoCalls())
        .put("introspectionCalls", introspectionCalls())
        .put("tokenRequests", tokenRequests())
        .put("revocationCalls", revocationCalls())
        .put("routes", routeJson);
  }

  LongAdder routeCounter(String methodAndTemplate) {
    return routes.computeIfAbsent(methodAndTemplate, k -> new LongAdder());
  }

  void countRequest() {
    total.increment();
  }

  void countTokenInfo() {
    tokenInfo.increment();
  }

  void countIntrospection() {
    introspection.increment();
  }

  void countTokenRequest() {
    tokenRequests.increment();
  }

  void countRevocation() {
    revocations.increment();
  }
}
