package org.csgateway.core.version;

/**
 * Remembers recent {@link RequestedVersion#negotiate negotiations}, so that the few {@code Accept} values a gateway's
 * clients send are parsed once rather than on every request. Negotiation is a pure function of the header value and
 * the path's suffix format, so a remembered answer is always the right one. A fixed number of slots, chosen by the
 * value's hash, each holding the latest value that landed there; values longer than {@link #MAX_REMEMBERED} are
 * negotiated each time. Memory is bounded whatever clients send, and a client sending a new value on every request
 * costs one hash and one comparison more than no memo.
 *
 * <p>Safe to share between event loops without locks: a slot holds an immutable record with final fields, so a
 * reader sees a whole entry, an older one or none, and any of them is correct or a miss.
 */
public final class NegotiationMemo {
  /** Longer values are negotiated each time: they are rare, and would let clients fill memory with headers. */
  static final int MAX_REMEMBERED = 256;
  private static final int SLOTS = 64;

  private final Entry[] slots = new Entry[SLOTS];

  /** As {@link RequestedVersion#negotiate(String, ApiFormat)}, from memory when this value was negotiated lately. */
  public RequestedVersion negotiate(String accept, ApiFormat suffixFormat) {
    if (accept == null || accept.length() > MAX_REMEMBERED) {
      return RequestedVersion.negotiate(accept, suffixFormat);
    }
    int slot = (accept.hashCode() * 31 + (suffixFormat == null ? 0 : suffixFormat.ordinal() + 1)) & (SLOTS - 1);
    Entry entry = slots[slot];
    if (entry != null && entry.suffixFormat == suffixFormat && entry.accept.equals(accept)) {
      return entry.result;
    }
    RequestedVersion result = RequestedVersion.negotiate(accept, suffixFormat);
    slots[slot] = new Entry(accept, suffixFormat, result);
    return result;
  }

  private record Entry(String accept, ApiFormat suffixFormat, RequestedVersion result) {}
}
