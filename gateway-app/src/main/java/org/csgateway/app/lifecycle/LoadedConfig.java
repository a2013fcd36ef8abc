package org.csgateway.app.lifecycle;

import java.util.Objects;
import org.csgateway.app.config.GatewayConfig;

/**
 * A configuration and the hash of the file bytes it was parsed from.
 *
 * @param config the validated configuration, as in the file (the sandbox's upstream URL not yet filled in)
 * @param hash the hex SHA-256 of the file's bytes
 */
public record LoadedConfig(GatewayConfig config, String hash) {
  public LoadedConfig {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(hash, "hash");
  }
}
