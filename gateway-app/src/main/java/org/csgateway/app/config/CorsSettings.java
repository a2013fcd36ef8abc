package org.csgateway.app.config;

import java.util.Optional;
import org.csgateway.core.contract.CorsPolicy;

/**
 * The {@code cors} section. Disabled (the default), no CORS filter is added and no CORS header is sent, as the
 * upstream sends none.
 *
 * @param policy the policy when {@code cors.enabled} is true, else empty
 */
public record CorsSettings(Optional<CorsPolicy> policy) {
  public CorsSettings {
    policy = policy == null ? Optional.empty() : policy;
  }

  public static CorsSettings disabled() {
    return new CorsSettings(Optional.empty());
  }

  public boolean enabled() {
    return policy.isPresent();
  }
}
