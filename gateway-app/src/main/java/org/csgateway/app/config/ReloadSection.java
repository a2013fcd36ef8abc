package org.csgateway.app.config;

import java.time.Duration;

/** The {@code reload} section: {@code watch} (true) and {@code checkInterval} (2s). */
final class ReloadSection implements SectionParser<ReloadSettings> {
  @Override
  public ReloadSettings parse(ConfigNode node) {
    ReloadSettings defaults = ReloadSettings.defaults();
    boolean watch = node.bool("watch", defaults.watch());
    Duration checkInterval = node.duration("checkInterval", defaults.checkInterval());
    return node.construct(() -> new ReloadSettings(watch, checkInterval));
  }
}
