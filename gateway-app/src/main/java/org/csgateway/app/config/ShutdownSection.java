package org.csgateway.app.config;

import java.time.Duration;

/** The {@code shutdown} section: {@code drainDelay} (5s) and {@code drainTimeout} (30s). */
final class ShutdownSection implements SectionParser<ShutdownSettings> {
  @Override
  public ShutdownSettings parse(ConfigNode node) {
    ShutdownSettings defaults = ShutdownSettings.defaults();
    Duration drainDelay = node.duration("drainDelay", defaults.drainDelay());
    Duration drainTimeout = node.duration("drainTimeout", defaults.drainTimeout());
    return node.construct(() -> new ShutdownSettings(drainDelay, drainTimeout));
  }
}
