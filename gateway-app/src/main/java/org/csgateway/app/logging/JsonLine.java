package org.csgateway.app.logging;

/**
 * Writes one JSON object on one line into a reused {@link StringBuilder}: string values escaped per RFC 8259
 * (quotes, backslashes and every control character, so that no value can break the line), numbers written without
 * formatting machinery. Not thread-safe; one per line.
 */
final class JsonLine {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  private boolean first = true;

  JsonLine(int capacity) {
    out = new StringBuilder(capacity).append('{');
  }

  JsonLine string(String name, String value) {
    key(name);
    if (value == null) {
      out.append("null");
    } else {
      quoted(value);
    }
    return this;
  }

  JsonLine number(String name, long value) {
    key(name);
    out.append(value);
    return this;
  }

  /** Nanoseconds as milliseconds with three decimals (microsecond precision); a negative value is null. */
  JsonLine millis(String name, long nanos) {
    key(name);
    if (nanos < 0) {
      out.append("null");
      return this;
    }
    long micros = nanos / 1_000;
    out.append(micros / 1_000).append('.');
    long fraction = micros % 1_000;
    if (fraction < 100) {
      out.append('0');
    }
    if (fraction < 10) {
      out.append('0');
    }
    out.append(fraction);
    return this;
  }

  String end() {
    return out.append('}').toString();
  }

  private void key(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    out.append('"').append(name).append("\":");
  }

  private void quoted(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\u2028' -> out.append("\\u2028"); // line separators some readers split on
        case '\u2029' -> out.append("\\u2029");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
