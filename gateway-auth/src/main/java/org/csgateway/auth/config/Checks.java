package org.csgateway.auth.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** The Caffeine-style argument checks the config records share. */
final class Checks {
  private Checks() {}

  static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  static Duration notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  static String notBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static URI absoluteHttp(String name, URI value) {
    Objects.requireNonNull(value, name);
    String scheme = value.getScheme();
    if ((!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) || value.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL, was " + value);
    }
    return value;
  }
}
