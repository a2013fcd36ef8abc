package org.csgateway.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code reload} section: whether the configuration file is watched for changes and how often its content is
 * compared. {@code SIGHUP} and the admin {@code POST /config/reload} reload it whatever these say.
 *
 * @param watch {@code reload.watch}, default true
 * @param checkInterval {@code reload.checkInterval}, default 2s: how often the file's content hash is compared
 */
public record ReloadSettings(boolean watch, Duration checkInterval) {
  public ReloadSettings {
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (checkInterval.toMillis() < 1) {
      throw new IllegalArgumentException("checkInterval must be at least 1ms, was " + checkInterval);
    }
  }

  public static ReloadSettings defaults() {
    return new ReloadSettings(true, Duration.ofSeconds(2));
  }
}
