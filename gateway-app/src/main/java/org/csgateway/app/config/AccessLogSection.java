package org.csgateway.app.config;

/** The {@code accessLog} section: {@code enabled} (true). */
final class AccessLogSection implements SectionParser<AccessLogSettings> {
  @Override
  public AccessLogSettings parse(ConfigNode node) {
    boolean enabled = node.bool("enabled", AccessLogSettings.defaults().enabled());
    return node.construct(() -> new AccessLogSettings(enabled));
  }
}
