package org.csgateway.app.config;

import java.time.Duration;

/**
 * The {@code health} section: {@code requireUpstream} (false), {@code requireRedis} (false) and
 * {@code checkInterval} (5s).
 */
final class HealthSection implements SectionParser<HealthSettings> {
  @Override
  public HealthSettings parse(ConfigNode node) {
    HealthSettings defaults = HealthSettings.defaults();
    boolean requireUpstream = node.bool("requireUpstream", defaults.requireUpstream());
    boolean requireRedis = node.bool("requireRedis", defaults.requireRedis());
    Duration checkInterval = node.duration("checkInterval", defaults.checkInterval());
    return node.construct(() -> new HealthSettings(requireUpstream, requireRedis, checkInterval));
  }
}
