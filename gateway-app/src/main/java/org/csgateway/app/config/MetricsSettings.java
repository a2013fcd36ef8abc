package org.csgateway.app.config;

/**
 * The {@code metrics} section: Prometheus metrics at {@code GET /metrics} on the admin listener.
 *
 * @param enabled {@code metrics.enabled}, default true; false leaves out every meter and every hook on the request
 *     path (and Vert.x's own metrics), so that the cost of metrics can be measured against none
 * @param histograms {@code metrics.histograms}, default true: the three latency timers publish buckets (false: only
 *     count, sum and max)
 * @param jvm {@code metrics.jvm}, default true: JVM and process metrics (memory, GC, threads, CPU, uptime, files)
 * @param vertxHttp {@code metrics.vertxHttp}, default false: Vert.x's own HTTP server and client meters
 *     ({@code vertx_http_server_*}, {@code vertx_http_client_*}: connections, requests, bytes). Off by default because
 *     they repeat what the gateway's own meters count, at a cost per request the gateway's do not have: Vert.x finds
 *     each of its meters in the registry by name and tags on every request (the full pipeline measured about 15%
 *     faster without them, against 4-10% for all the gateway's own meters). Read when the process starts, as Vert.x
 *     is built with its metrics; a reload that changes it is refused, as for the other three.
 */
public record MetricsSettings(boolean enabled, boolean histograms, boolean jvm, boolean vertxHttp) {
  public static MetricsSettings defaults() {
    return new MetricsSettings(true, true, true, false);
  }

  /** Metrics switched off. */
  public static MetricsSettings disabled() {
    return new MetricsSettings(false, false, false, false);
  }
}
