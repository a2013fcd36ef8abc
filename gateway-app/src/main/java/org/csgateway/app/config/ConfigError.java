package org.csgateway.app.config;

import java.util.Objects;

/**
 * One invalid field of a configuration: where it is and what is wrong with it.
 *
 * @param path where, e.g. {@code server.port} or {@code classpath:routes/x.yaml: routes[3].method}
 * @param message what is wrong, e.g. "must be between 0 and 65535, was 70000"
 */
public record ConfigError(String path, String message) {
  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** "path: message", the form printed to operators. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
