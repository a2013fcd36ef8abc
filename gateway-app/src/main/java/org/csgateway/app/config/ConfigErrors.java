package org.csgateway.app.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors of one load, so that all of them are reported at once. Not thread-safe: one per load. */
public final class ConfigErrors {
  private final List<ConfigError> errors = new ArrayList<>();

  public void add(String path, String message) {
    errors.add(new ConfigError(path, message));
  }

  public int count() {
    return errors.size();
  }

  public List<ConfigError> list() {
    return List.copyOf(errors);
  }

  /** Throws a {@link ConfigException} listing every error, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }
}
