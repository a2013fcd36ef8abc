package org.csgateway.core.routing;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A path glob over whole segments, such as {@code /api/system/**}: a literal segment matches itself (ignoring case,
 * so that no spelling reaches the upstream), {@code *} matches exactly one segment and {@code **} any number of
 * segments, none included. Immutable; two patterns are equal when their text is.
 */
public final class PathPattern {
  private static final String ANY_SEGMENTS = "**";
  private static final String ONE_SEGMENT = "*";

  private final String pattern;
  private final String[] segments;

  private PathPattern(String pattern) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("pattern must start with '/', was '" + pattern + "'");
    }
    String body = pattern.endsWith("/") ? pattern.substring(1, pattern.length() - 1) : pattern.substring(1);
    this.segments = body.isEmpty() ? new String[0] : body.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("pattern must not contain empty segments, was '" + pattern + "'");
      }
      if (segment.contains("*") && !segment.equals(ONE_SEGMENT) && !segment.equals(ANY_SEGMENTS)) {
        throw new IllegalArgumentException(
            "'*' and '**' must be whole segments, was '" + segment + "' in '" + pattern + "'");
      }
      segments[i] = segment.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @throws IllegalArgumentException if the pattern does not start with '/', has empty segments or uses '*' inside
   *     a segment
   */
  public static PathPattern of(String pattern) {
    return new PathPattern(pattern);
  }

  /** Whether these (decoded) path segments match, ignoring case. */
  public boolean matches(List<String> pathSegments) {
    return matches(0, pathSegments, 0);
  }

  private boolean matches(int p, List<String> path, int s) {
    while (p < segments.length) {
      String segment = segments[p];
      if (segment.equals(ANY_SEGMENTS)) {
        for (int rest = s; rest <= path.size(); rest++) {
          if (matches(p + 1, path, rest)) {
            return true;
          }
        }
        return false;
      }
      if (s == path.size() || !(segment.equals(ONE_SEGMENT) || segment.equalsIgnoreCase(path.get(s)))) {
        return false;
      }
      p++;
      s++;
    }
    return s == path.size();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PathPattern that && pattern.equals(that.pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  /** The pattern as written. */
  @Override
  public String toString() {
    return pattern;
  }
}
