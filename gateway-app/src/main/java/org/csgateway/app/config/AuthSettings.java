package org.csgateway.app.config;

import java.util.Objects;
import org.csgateway.auth.config.AuthConfig;

/**
 * The {@code auth} section: whether the gateway authenticates callers and checks route scopes itself, and how.
 * Disabled, no authentication or authorization filter is added and the upstream alone decides (it checks no scopes
 * for tokens with a user, nor their expiry: keep it on in front of a real ComputeStacks).
 *
 * @param enabled {@code auth.enabled}, default true
 * @param config every other key of the section
 */
public record AuthSettings(boolean enabled, AuthConfig config) {
  public AuthSettings {
    Objects.requireNonNull(config, "config");
  }

  /** On, with the module's defaults (the computestacks strategy on the upstream). */
  public static AuthSettings defaults() {
    return new AuthSettings(true, AuthConfig.defaults());
  }
}
