package org.csgateway.core.protect;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an upstream's {@code Retry-After} (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The delay asked for, or null when absent or unreadable. An HTTP-date is measured against the response's own
   * {@code Date} (both from the upstream's clock, so the gateway's clock plays no part); without one it is ignored.
   */
  static Duration parse(String retryAfter, String date) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return null;
    }
    String value = retryAfter.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      return value.length() > 9 ? Duration.ofSeconds(999_999_999) : Duration.ofSeconds(Long.parseLong(value));
    }
    if (date == null) {
      return null;
    }
    try {
      ZonedDateTime until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      ZonedDateTime now = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration delay = Duration.between(now, until);
      return delay.isNegative() ? Duration.ZERO : delay;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
