package org.csgateway.app.e2e.contract;

import java.time.Instant;

/**
 * Reads a field whose value is an RFC 9651 structured-field Item holding a Date ({@code @1704067200}), such as the
 * RFC 9745 {@code Deprecation} header, the way a conforming client parses it (RFC 9651 §4.2.3 and §4.2.9): optional
 * leading spaces, {@code @}, an Integer of at most 15 digits (no Decimal), then parameters (read and ignored), and
 * nothing else. Anything malformed throws {@link IllegalArgumentException}.
 */
final class StructuredFieldDate {
  private final String input;
  private int pos;

  private StructuredFieldDate(String input) {
    this.input = input;
  }

  /** The date the field names. */
  static Instant parse(String field) {
    if (field == null) {
      throw new IllegalArgumentException("no field value");
    }
    StructuredFieldDate parser = new StructuredFieldDate(field);
    parser.skipSpaces();
    parser.expect('@');
    long seconds = parser.integer();
    parser.parameters();
    parser.skipSpaces();
    if (parser.pos != field.length()) {
      throw new IllegalArgumentException("trailing characters at " + parser.pos + " in '" + field + "'");
    }
    return Instant.ofEpochSecond(seconds);
  }

  private long integer() {
    int start = pos;
    if (pos < input.length() && input.charAt(pos) == '-') {
      pos++;
    }
    int digitsStart = pos;
    while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
      pos++;
    }
    int digits = pos - digitsStart;
    if (digits == 0 || digits > 15) {
      throw new IllegalArgumentException("an Integer needs 1 to 15 digits, at " + start + " in '" + input + "'");
    }
    if (pos < input.length() && input.charAt(pos) == '.') {
      throw new IllegalArgumentException("a Date cannot be a Decimal: '" + input + "'");
    }
    return Long.parseLong(input.substring(start, pos));
  }

  /** {@code *( ";" *SP key [ "=" bare-item ] )}, values limited to Integers, Tokens, Strings and Booleans. */
  private void parameters() {
    while (pos < input.length() && input.charAt(pos) == ';') {
      pos++;
      skipSpaces();
      key();
      if (pos < input.length() && input.charAt(pos) == '=') {
        pos++;
        bareItem();
      }
    }
  }

  private void key() {
    if (pos >= input.length() || !(isLcAlpha(input.charAt(pos)) || input.charAt(pos) == '*')) {
      throw new IllegalArgumentException("a key must start with a-z or '*', at " + pos + " in '" + input + "'");
    }
    while (pos < input.length() && (isLcAlpha(input.charAt(pos)) || Character.isDigit(input.charAt(pos))
        || "_-.*".indexOf(input.charAt(pos)) >= 0)) {
      pos++;
    }
  }

  private void bareItem() {
    char c = pos < input.length() ? input.charAt(pos) : 0;
    if (c == '-' || Character.isDigit(c)) {
      integer();
    } else if (c == '?') {
      pos++;
      char b = pos < input.length() ? input.charAt(pos++) : 0;
      if (b != '0' && b != '1') {
        throw new IllegalArgumentException("a Boolean is ?0 or ?1, in '" + input + "'");
      }
    } else if (c == '"') {
      int end = input.indexOf('"', pos + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated String in '" + input + "'");
      }
      pos = end + 1;
    } else if (Character.isLetter(c) || c == '*') {
      while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos))
          || "!#$%&'*+-.^_`|~:/".indexOf(input.charAt(pos)) >= 0)) {
        pos++;
      }
    } else {
      throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in '" + input + "'");
    }
  }

  private void expect(char c) {
    if (pos >= input.length() || input.charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in '" + input + "'");
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < input.length() && input.charAt(pos) == ' ') {
      pos++;
    }
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }
}
