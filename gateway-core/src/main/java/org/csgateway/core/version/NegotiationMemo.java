package org.csgateway.core.version;

import org.csgateway.core.memo.RecentResults;

/**
 * Remembers recent {@link RequestedVersion#negotiate negotiations}, so that the few {@code Accept} values a gateway's
 * clients send are parsed once rather than on every request. Negotiation is a pure function of the header value and
 * the path's suffix format, so a remembered answer is always the right one ({@link RecentResults}, one per suffix
 * format). Values longer than {@link #MAX_REMEMBERED} are negotiated each time. Thread-safe.
 */
public final class NegotiationMemo {
  /** Longer values are negotiated each time: they are rare, and would let clients fill memory with headers. */
  static final int MAX_REMEMBERED = 256;
  private static final int SLOTS = 64;

  private final RecentResults<String, RequestedVersion> noSuffix =
      new RecentResults<>(SLOTS, accept -> RequestedVersion.negotiate(accept, null));
  private final RecentResults<String, RequestedVersion> jsonSuffix =
      new RecentResults<>(SLOTS, accept -> RequestedVersion.negotiate(accept, ApiFormat.JSON));
  private final RecentResults<String, RequestedVersion> xmlSuffix =
      new RecentResults<>(SLOTS, accept -> RequestedVersion.negotiate(accept, ApiFormat.XML));

  /** As {@link RequestedVersion#negotiate(String, ApiFormat)}, from memory when this value was negotiated lately. */
  public RequestedVersion negotiate(String accept, ApiFormat suffixFormat) {
    if (accept == null || accept.length() > MAX_REMEMBERED) {
      return RequestedVersion.negotiate(accept, suffixFormat);
    }
    RecentResults<String, RequestedVersion> memo =
        suffixFormat == null ? noSuffix : suffixFormat == ApiFormat.JSON ? jsonSuffix : xmlSuffix;
    return memo.get(accept);
  }
}
