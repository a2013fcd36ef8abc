package org.csgateway.core.http;

/**
 * The DIGIT rule of HTTP's grammar (RFC 5234: ASCII 0-9 only, never other Unicode digits), checked with a loop: the
 * header and query parsers that use it run on every request, where a stream or a regex costs measurably.
 */
public final class AsciiDigits {
  private AsciiDigits() {}

  /** Whether every character is an ASCII digit; true for the empty sequence. */
  public static boolean only(CharSequence value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
