package org.csgateway.core.version;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.csgateway.core.http.AsciiDigits;

/**
 * What a request asks for: the format it will get and the API version it names, before the policy judges it.
 * Negotiation follows RFC 9110 §12.5.1: for each media type the upstream renders ({@code application/json}, and
 * {@code application/xml} or {@code text/xml}) the most specific matching range gives the weight (highest weight
 * among equally specific ones); the type with the highest weight wins, then the more specific range, then the one
 * the client listed first, then JSON. A weight of 0 excludes a type. A path suffix ({@code .json}/{@code .xml})
 * fixes the format, as in Rails.
 *
 * <p>The version is the {@code api_version} parameter of the winning range: digits only (leading zeros allowed);
 * any other value counts as missing, as in the upstream (VersionCake's {@code /api_version=([0-9]+)/}).
 *
 * @param format the format the response will have
 * @param digits the requested version without leading zeros ("80", "0"), or null when none was named
 */
public record RequestedVersion(ApiFormat format, String digits) {
  private static final String PARAMETER = "api_version";
  private static final Comparator<Candidate> PREFERENCE = Comparator
      .comparingDouble((Candidate c) -> c.range.quality()).reversed()
      .thenComparing(Comparator.comparingInt((Candidate c) -> c.range.specificity()).reversed())
      .thenComparingInt(c -> c.range.position());

  public RequestedVersion {
    Objects.requireNonNull(format, "format");
  }

  /**
   * Negotiates from the raw {@code Accept} value (several header lines joined with ", "; null when absent) and the
   * path suffix format (null when none). Never throws.
   */
  public static RequestedVersion negotiate(String accept, ApiFormat suffixFormat) {
    List<MediaRange> ranges = AcceptHeader.parse(accept);
    Candidate json = candidate(ranges, ApiFormat.JSON, "application", "json");
    Candidate xml = best(
        candidate(ranges, ApiFormat.XML, "application", "xml"), candidate(ranges, ApiFormat.XML, "text", "xml"));
    Candidate preferred = best(json, xml);
    if (suffixFormat == null) {
      return preferred == null
          ? new RequestedVersion(ApiFormat.JSON, null)
          : new RequestedVersion(preferred.format, digits(preferred.range));
    }
    Candidate forSuffix = suffixFormat == ApiFormat.JSON ? json : xml;
    Candidate source = forSuffix != null ? forSuffix : preferred;
    return new RequestedVersion(suffixFormat, source == null ? null : digits(source.range));
  }

  /** The range that decides the weight of one concrete type, or null when none does or its weight is 0. */
  private static Candidate candidate(List<MediaRange> ranges, ApiFormat format, String type, String subtype) {
    MediaRange decisive = null;
    for (MediaRange range : ranges) {
      if (!range.matches(type, subtype)) {
        continue;
      }
      if (decisive == null
          || range.specificity() > decisive.specificity()
          || range.specificity() == decisive.specificity() && range.quality() > decisive.quality()) {
        decisive = range;
      }
    }
    return decisive == null || decisive.quality() == 0 ? null : new Candidate(format, decisive);
  }

  /** The preferred of two candidates; the first on a full tie (so JSON before XML). */
  private static Candidate best(Candidate a, Candidate b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return PREFERENCE.compare(a, b) <= 0 ? a : b;
  }

  private static String digits(MediaRange range) {
    String value = range.parameter(PARAMETER);
    if (value == null || value.isEmpty() || !AsciiDigits.only(value)) {
      return null;
    }
    int first = 0;
    while (first < value.length() - 1 && value.charAt(first) == '0') {
      first++;
    }
    return value.substring(first);
  }

  private record Candidate(ApiFormat format, MediaRange range) {}
}
