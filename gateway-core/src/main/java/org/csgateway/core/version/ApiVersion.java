package org.csgateway.core.version;

import java.util.Locale;
import java.util.Objects;
import org.csgateway.core.pipeline.AttributeKey;

/**
 * The API version and format a request was normalized to, put on the exchange by the
 * {@link VersionNormalizationFilter} under {@link #KEY}. Later stages read it (the cache key, a bounded metrics
 * label) and never parse {@code Accept} themselves. Only accepted versions get here, so the values are bounded by
 * the policy.
 *
 * @param number the version, for example 80
 * @param format the response format
 * @param deprecated whether the policy deprecates this version
 */
public record ApiVersion(int number, ApiFormat format, boolean deprecated) {
  public static final AttributeKey<ApiVersion> KEY = AttributeKey.of("apiVersion", ApiVersion.class);

  public ApiVersion {
    Objects.requireNonNull(format, "format");
    if (number < 0) {
      throw new IllegalArgumentException("number must not be negative, was " + number);
    }
  }

  /** The canonical upstream {@code Accept} value, {@code application/json; api_version=80}. */
  public String acceptHeader() {
    return format.mediaType() + "; api_version=" + number;
  }

  /** A short label for cache keys and metrics, {@code 80.json}. */
  public String label() {
    return number + "." + format.name().toLowerCase(Locale.ROOT);
  }
}
