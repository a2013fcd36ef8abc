package org.csgateway.app.config;

/**
 * The {@code accessLog} section.
 *
 * @param enabled {@code accessLog.enabled}, default true: one JSON line per request to the logger
 *     {@code csgateway.access} (standard output unless the logging configuration sends it elsewhere)
 */
public record AccessLogSettings(boolean enabled) {
  public static AccessLogSettings defaults() {
    return new AccessLogSettings(true);
  }
}
