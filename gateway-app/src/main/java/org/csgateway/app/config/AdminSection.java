package org.csgateway.app.config;

/** The {@code admin} section: {@code host} (127.0.0.1) and {@code port} (8081). */
final class AdminSection implements SectionParser<AdminConfig> {
  @Override
  public AdminConfig parse(ConfigNode node) {
    String host = node.string("host", AdminConfig.DEFAULT_HOST);
    int port = node.integer("port", AdminConfig.DEFAULT_PORT, 0, 65535);
    return node.construct(() -> new AdminConfig(host, port));
  }
}
