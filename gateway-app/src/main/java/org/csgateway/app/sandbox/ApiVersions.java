package org.csgateway.app.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * VersionCake 4.1.1 as ComputeStacks configures it (api.md §4): the version comes only from the Accept header,
 * through the unanchored regex {@code /api_version=([0-9]+)/}; none means 80. 80 is supported; 51-71 (ten values)
 * are deprecated but accepted; 40, 50 and every other number are refused with 422 before authentication.
 */
final class ApiVersions {
  static final int DEFAULT_VERSION = 80;
  static final Set<Integer> DEPRECATED = Set.of(51, 52, 53, 54, 60, 61, 62, 65, 70, 71);
  /** {@code api_available_versions} of {@code GET /api/version}: deprecated plus supported. */
  static final List<Integer> AVAILABLE = List.of(51, 52, 53, 54, 60, 61, 62, 65, 70, 71, 80);
  private static final String PARAMETER = "api_version=";
  private static final String UNSUPPORTED = "You requested an unsupported version";

  /** How a request's version was judged. */
  enum Verdict { SUPPORTED, DEPRECATED, UNSUPPORTED }

  /**
   * The outcome of the version check.
   *
   * @param verdict the judgement
   * @param rejection the 422 error message when unsupported, else null
   */
  record Check(Verdict verdict, String rejection) {
    static final Check SUPPORTED = new Check(Verdict.SUPPORTED, null);
    static final Check DEPRECATED = new Check(Verdict.DEPRECATED, null);
  }

  private ApiVersions() {}

  /** Checks the (comma-joined) Accept header value; null means no Accept header. */
  static Check check(String accept) {
    long version = extract(accept);
    if (version == DEFAULT_VERSION) {
      return Check.SUPPORTED;
    }
    if (version <= Integer.MAX_VALUE && DEPRECATED.contains((int) version)) {
      return Check.DEPRECATED;
    }
    return new Check(Verdict.UNSUPPORTED, rejectionMessage(accept));
  }

  /**
   * The first run of digits after an "api_version=" anywhere in the header, as the unanchored regex finds it;
   * {@value #DEFAULT_VERSION} when there is none; {@link Long#MAX_VALUE} when it does not fit (Ruby has Bignums, so
   * such a version is simply unsupported).
   */
  static long extract(String accept) {
    if (accept == null) {
      return DEFAULT_VERSION;
    }
    int from = 0;
    while (true) {
      int at = accept.indexOf(PARAMETER, from);
      if (at < 0) {
        return DEFAULT_VERSION;
      }
      int start = at + PARAMETER.length();
      int end = start;
      while (end < accept.length() && accept.charAt(end) >= '0' && accept.charAt(end) <= '9') {
        end++;
      }
      if (end > start) {
        long value = 0;
        for (int i = start; i < end; i++) {
          value = value * 10 + (accept.charAt(i) - '0');
          if (value > Integer.MAX_VALUE) {
            return Long.MAX_VALUE;
          }
        }
        return value;
      }
      from = at + 1;
    }
  }

  /**
   * The upstream's message, with its parsing quirk (CS {@code api_version.rb}):
   * {@code Accept.split("; ").last.split("=").last}, so {@code "...; api_version=65;"} reports {@code (65;)}.
   */
  static String rejectionMessage(String accept) {
    List<String> parts = rubySplit(accept == null ? "" : accept, "; ");
    if (parts.isEmpty()) {
      return UNSUPPORTED; // nil.split raises in Ruby; the upstream then drops the detail
    }
    List<String> pieces = rubySplit(parts.get(parts.size() - 1), "=");
    String detail = pieces.isEmpty() ? "" : pieces.get(pieces.size() - 1);
    return UNSUPPORTED + " (" + detail + ")";
  }

  /** Ruby's {@code String#split} with a literal separator: trailing empty fields are dropped, leading kept. */
  static List<String> rubySplit(String s, String separator) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = s.indexOf(separator, from);
      if (at < 0) {
        parts.add(s.substring(from));
        break;
      }
      parts.add(s.substring(from, at));
      from = at + separator.length();
    }
    while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    return parts;
  }
}
