package org.csgateway.core.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which forwarding headers the gateway maintains: the de-facto {@code X-Forwarded-For/Proto/Host}, the RFC 7239
 * {@code Forwarded} header, or both. The family not selected is removed from requests sent upstream, and the client
 * address is read from the selected family ({@code X-Forwarded-For} when both).
 */
public enum ForwardedMode {
  X_FORWARDED("x-forwarded"),
  FORWARDED("forwarded"),
  BOTH("both");

  private final String configName;

  ForwardedMode(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files. */
  public String configName() {
    return configName;
  }

  /** Whether {@code X-Forwarded-*} headers are sent. */
  public boolean sendsXForwarded() {
    return this != FORWARDED;
  }

  /** Whether the RFC 7239 {@code Forwarded} header is sent. */
  public boolean sendsForwarded() {
    return this != X_FORWARDED;
  }

  /**
   * @throws IllegalArgumentException listing the accepted names
   */
  public static ForwardedMode fromConfigName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (ForwardedMode mode : values()) {
      if (mode.configName.equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("mode must be one of "
        + Arrays.stream(values()).map(ForwardedMode::configName).collect(Collectors.joining(", "))
        + ", was '" + name + "'");
  }
}
