package org.csgateway.core.version;

import java.util.ArrayList;
import java.util.List;
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

  /** One memo per suffix format: index 0 for none, then each {@link ApiFormat} at its ordinal + 1. */
  private final List<RecentResults<String, RequestedVersion>> bySuffixFormat = bySuffixFormat();

  /** As {@link RequestedVersion#negotiate(String, ApiFormat)}, from memory when this value was negotiated lately. */
  public RequestedVersion negotiate(String accept, ApiFormat suffixFormat) {
    if (accept == null || accept.length() > MAX_REMEMBERED) {
      return RequestedVersion.negotiate(accept, suffixFormat);
    }
    return bySuffixFormat.get(suffixFormat == null ? 0 : suffixFormat.ordinal() + 1).get(accept);
  }

  private static List<RecentResults<String, RequestedVersion>> bySuffixFormat() {
    List<RecentResults<String, RequestedVersion>> memos = new ArrayList<>();
    memos.add(new RecentResults<>(SLOTS, accept -> RequestedVersion.negotiate(accept, null)));
    for (ApiFormat format : ApiFormat.values()) {
      memos.add(new RecentResults<>(SLOTS, accept -> RequestedVersion.negotiate(accept, format)));
    }
    return List.copyOf(memos);
  }
}
