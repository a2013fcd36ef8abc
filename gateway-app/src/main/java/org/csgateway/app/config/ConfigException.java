package org.csgateway.app.config;

import java.util.List;

/** A configuration that cannot be used, with every invalid field found (not just the first). */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(describe(errors), null, false, false);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors must not be empty");
    }
    this.errors = List.copyOf(errors);
  }

  private static String describe(List<ConfigError> errors) {
    StringBuilder text = new StringBuilder().append(errors.size()).append(" configuration error(s):");
    errors.forEach(e -> text.append("\n  ").append(e));
    return text.toString();
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
