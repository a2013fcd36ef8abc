package org.csgateway.app.config;

import java.util.Objects;

/**
 * The admin listener (health now, metrics later): kept apart from the proxy port, on loopback by default.
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 */
public record AdminConfig(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8081;

  public AdminConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
  }
}
