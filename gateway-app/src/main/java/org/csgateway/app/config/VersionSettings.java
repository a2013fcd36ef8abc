package org.csgateway.app.config;

import java.util.Objects;
import org.csgateway.core.version.VersionDiscoveryConfig;
import org.csgateway.core.version.VersionPolicy;

/**
 * The {@code versions} section: which API versions pass, and whether the accepted list is learned from the upstream.
 * Disabled, no version filter is added: the {@code Accept} header reaches the upstream as sent, and the cache (which
 * keys on the normalized version) bypasses every request.
 *
 * @param enabled {@code versions.enabled}, default true
 * @param policy the default, supported, deprecated and obsolete versions and deprecation dates
 * @param discovery {@code versions.discovery}
 */
public record VersionSettings(boolean enabled, VersionPolicy policy, VersionDiscoveryConfig discovery) {
  public VersionSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(discovery, "discovery");
  }

  /** On, with the upstream source's policy and no discovery. */
  public static VersionSettings defaults() {
    return new VersionSettings(true, VersionPolicy.computeStacksDefaults(), VersionsSection.discoveryDefaults());
  }
}
