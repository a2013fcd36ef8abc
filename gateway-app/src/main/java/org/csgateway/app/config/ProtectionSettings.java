package org.csgateway.app.config;

import java.util.Objects;
import org.csgateway.core.protect.UpstreamProtectionConfig;

/**
 * The {@code upstream.protection} section: the adaptive limit on requests in flight to the upstream, shared by
 * every event loop. Disabled, no upstream guard filter is added and the connection pools alone bound the load.
 *
 * @param enabled {@code upstream.protection.enabled}, default true
 * @param config the limits, the wait queue and the adaptation
 */
public record ProtectionSettings(boolean enabled, UpstreamProtectionConfig config) {
  public ProtectionSettings {
    Objects.requireNonNull(config, "config");
  }

  public static ProtectionSettings defaults() {
    return new ProtectionSettings(true, UpstreamProtectionConfig.defaults());
  }
}
