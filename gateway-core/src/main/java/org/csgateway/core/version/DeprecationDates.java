package org.csgateway.core.version;

import java.time.Instant;

/**
 * When a deprecated API version was (or will be) deprecated and when it stops working, for the RFC 9745
 * {@code Deprecation} and RFC 8594 {@code Sunset} response headers. Both are optional.
 *
 * <p>YAML: {@code {deprecation: 2024-01-01T00:00:00Z, sunset: 2026-12-31T00:00:00Z}} (ISO-8601 instants).
 *
 * @param deprecation when the deprecation takes or took effect; null when unknown, in which case the
 *     {@code Deprecation} header says {@code @0}: already in effect, since an unknown time
 * @param sunset when the version stops being served; null for no {@code Sunset} header
 */
public record DeprecationDates(Instant deprecation, Instant sunset) {
  /** No dates known: {@code Deprecation: @0} and no {@code Sunset}. */
  public static final DeprecationDates UNKNOWN = new DeprecationDates(null, null);

  public DeprecationDates {
    if (deprecation != null && sunset != null && sunset.isBefore(deprecation)) {
      throw new IllegalArgumentException(
          "sunset must not be before deprecation, was " + sunset + " before " + deprecation);
    }
  }
}
