package org.csgateway.core.contract;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which browser origins may call the API and what they may send and read (the upstream sets no CORS headers at
 * all, api.md §8). Immutable and validated on creation: origins are {@code scheme://host[:port]} or {@code *},
 * {@code *} cannot be combined with credentials (browsers refuse it), header names are tokens.
 *
 * <p>YAML ({@code cors:}): {@code enabled} (default false: the filter is not added), {@code allowedOrigins}
 * (no default; required when enabled), {@code allowedMethods} (default {@link #DEFAULT_METHODS}),
 * {@code allowedHeaders} (default {@link #DEFAULT_ALLOWED_HEADERS}), {@code exposedHeaders} (default
 * {@link #DEFAULT_EXPOSED_HEADERS}), {@code allowCredentials} (default false), {@code maxAge} (default 10m).
 *
 * @param allowedOrigins exact origins (compared case-insensitively) or the single value {@code *}
 * @param allowedMethods the methods a preflight allows
 * @param allowedHeaders the request headers a preflight allows ({@code Authorization} must be named: browsers
 *     never let a {@code *} cover it)
 * @param exposedHeaders the response headers scripts may read besides the CORS-safelisted ones
 * @param allowCredentials whether browsers may send cookies or HTTP authentication and read the answer
 * @param maxAge how long browsers may cache a preflight answer
 */
public record CorsPolicy(
    List<String> allowedOrigins,
    List<HttpMethod> allowedMethods,
    List<String> allowedHeaders,
    List<String> exposedHeaders,
    boolean allowCredentials,
    Duration maxAge) {

  public static final List<HttpMethod> DEFAULT_METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
  public static final List<String> DEFAULT_ALLOWED_HEADERS = List.of(
      "Accept", "Authorization", "Content-Type", "If-Match", "If-None-Match", "If-Modified-Since", "X-Request-Id");
  /** Pagination, versioning, rate-limit and tracing headers the API's clients need to read. */
  public static final List<String> DEFAULT_EXPOSED_HEADERS = List.of("Link", "Per-Page", "Total", "API-Deprecated",
      "Deprecation", "Sunset", "API-Version-Supported", "API-Available-Versions", "RateLimit", "RateLimit-Policy",
      "Retry-After", "X-Request-Id");
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
  public static final String ANY_ORIGIN = "*";

  private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#@\\s]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public CorsPolicy {
    allowedOrigins = distinct(Objects.requireNonNull(allowedOrigins, "allowedOrigins"), "allowedOrigins");
    allowedMethods = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(allowedMethods, "allowedMethods")));
    allowedHeaders = distinct(Objects.requireNonNull(allowedHeaders, "allowedHeaders"), "allowedHeaders");
    exposedHeaders = distinct(Objects.requireNonNull(exposedHeaders, "exposedHeaders"), "exposedHeaders");
    Objects.requireNonNull(maxAge, "maxAge");
    if (allowedOrigins.isEmpty()) {
      throw new IllegalArgumentException("allowedOrigins must not be empty");
    }
    if (allowedMethods.isEmpty()) {
      throw new IllegalArgumentException("allowedMethods must not be empty");
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
    }
    for (String origin : allowedOrigins) {
      if (origin.equals(ANY_ORIGIN) ? allowedOrigins.size() > 1 : !ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException("allowedOrigins must be scheme://host[:port] values or '*' alone, was '"
            + origin + "'");
      }
    }
    if (allowCredentials && allowedOrigins.contains(ANY_ORIGIN)) {
      throw new IllegalArgumentException("allowedOrigins '*' cannot be combined with allowCredentials");
    }
    for (List<String> names : List.of(allowedHeaders, exposedHeaders)) {
      for (String name : names) {
        if (!TOKEN.matcher(name).matches()) {
          throw new IllegalArgumentException("header names must be tokens, was '" + name + "'");
        }
        if (allowCredentials && name.equals("*")) {
          throw new IllegalArgumentException("header name '*' cannot be combined with allowCredentials");
        }
      }
    }
  }

  /** These origins with every other setting at its default. */
  public static CorsPolicy allowing(String... origins) {
    return new CorsPolicy(List.of(origins), DEFAULT_METHODS, DEFAULT_ALLOWED_HEADERS, DEFAULT_EXPOSED_HEADERS,
        false, DEFAULT_MAX_AGE);
  }

  /** Whether an {@code Origin} header value is allowed. */
  public boolean allows(String origin) {
    if (allowedOrigins.contains(ANY_ORIGIN)) {
      return true;
    }
    for (String allowed : allowedOrigins) {
      if (allowed.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> distinct(List<String> values, String name) {
    List<String> result = new ArrayList<>(values.size());
    for (String v : values) {
      String value = Objects.requireNonNull(v, name + " element").strip();
      if (result.stream().noneMatch(value::equalsIgnoreCase)) {
        result.add(value);
      }
    }
    return List.copyOf(result);
  }
}
