package org.csgateway.app.config;

import java.time.Duration;
import org.csgateway.app.sandbox.SandboxOptions;

/**
 * The {@code sandbox} section: {@code enabled} (false), {@code host} (127.0.0.1), {@code port} (0, a free port),
 * {@code tokenLifetime} (2h, Doorkeeper's default) and {@code instances} (1 event loop).
 */
final class SandboxSection implements SectionParser<SandboxConfig> {
  @Override
  public SandboxConfig parse(ConfigNode node) {
    SandboxOptions defaults = SandboxOptions.defaults();
    boolean enabled = node.bool("enabled", false);
    String host = node.string("host", defaults.host());
    int port = node.integer("port", defaults.port(), 0, 65535);
    Duration tokenLifetime = node.duration("tokenLifetime", defaults.tokenLifetime());
    int instances = node.integer("instances", defaults.instances(), 1, 64);
    return node.construct(() -> new SandboxConfig(enabled,
        defaults.withHost(host).withPort(port).withTokenLifetime(tokenLifetime).withInstances(instances)));
  }
}
