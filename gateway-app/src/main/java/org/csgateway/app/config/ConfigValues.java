package org.csgateway.app.config;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the scalar notations of the configuration file: durations ("250ms", "2s", "5m", "1h", "1d"), byte
 * sizes ("10MiB", "512KiB", "1GiB", "64KB", or plain bytes) and HTTP methods. Each throws
 * {@link IllegalArgumentException} with a message that says what was expected.
 */
public final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|KiB|MiB|GiB|KB|MB|GB)?");

  private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private ConfigValues() {}

  /** One of the methods the API uses: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (any letter case). */
  public static HttpMethod httpMethod(String text) {
    HttpMethod method = HttpMethod.valueOf(text.trim().toUpperCase(Locale.ROOT));
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, was '" + text
          + "'");
    }
    return method;
  }

  /** "250ms", "2s", "5m", "1h", "1d"; "0" alone is zero. */
  public static Duration duration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a duration such as 250ms, 2s, 5m, 1h or 1d, was '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** "10MiB" (binary units KiB, MiB, GiB), "64KB" (decimal units KB, MB, GB), "100B" or plain bytes. */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("must be a size such as 10MiB, 512KiB, 64KB or a number of bytes, was '"
          + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
      case "KiB" -> 1L << 10;
      case "MiB" -> 1L << 20;
      case "GiB" -> 1L << 30;
      case "KB" -> 1_000L;
      case "MB" -> 1_000_000L;
      case "GB" -> 1_000_000_000L;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(amount, unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("is too large, was '" + text + "'");
    }
  }
}
