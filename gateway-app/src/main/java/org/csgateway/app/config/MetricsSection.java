package org.csgateway.app.config;

/**
 * The {@code metrics} section: {@code enabled} (true), {@code histograms} (true), {@code jvm} (true),
 * {@code vertxHttp} (false).
 */
final class MetricsSection implements SectionParser<MetricsSettings> {
  @Override
  public MetricsSettings parse(ConfigNode node) {
    MetricsSettings defaults = MetricsSettings.defaults();
    boolean enabled = node.bool("enabled", defaults.enabled());
    boolean histograms = node.bool("histograms", defaults.histograms());
    boolean jvm = node.bool("jvm", defaults.jvm());
    boolean vertxHttp = node.bool("vertxHttp", defaults.vertxHttp());
    return node.construct(() -> new MetricsSettings(enabled, histograms, jvm, vertxHttp));
  }
}
