package org.csgateway.app.config;

/**
 * The {@code metrics} section: Prometheus metrics at {@code GET /metrics} on the admin listener.
 *
 * @param enabled {@code metrics.enabled}, default true; false leaves out every meter and every hook on the request
 *     path (and Vert.x's own metrics), so that the cost of metrics can be measured against none
 * @param histograms {@code metrics.histograms}, default true: the three latency timers publish buckets (false: only
 *     count, sum and max)
 * @param jvm {@code metrics.jvm}, default true: JVM and process metrics (memory, GC, threads, CPU, uptime, files)
 */
public record MetricsSettings(boolean enabled, boolean histograms, boolean jvm) {
  public static MetricsSettings defaults() {
    return new MetricsSettings(true, true, true);
  }

  /** Metrics switched off. */
  public static MetricsSettings disabled() {
    return new MetricsSettings(false, false, false);
  }
}
