package org.csgateway.app.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ruby and Rack behaviours the upstream's parameter handling relies on, reproduced exactly enough for the
 * sandbox: {@code String#to_i}, Rack's query parsing (flat keys and {@code key[]} arrays; last plain key wins) and
 * ActiveSupport's {@code Hash#to_query} (CGI-escaped, pairs sorted), which api-pagination uses to build Link URLs.
 */
final class RailsParams {
  /** A malformed query string; Rails answers it with 422 "Bad Request" (api.md §6, ActionController::BadRequest). */
  static final class BadQueryException extends RuntimeException {
    BadQueryException(String message) {
      super(message, null, false, false);
    }
  }

  private RailsParams() {}

  /**
   * Ruby's {@code String#to_i}: optional leading whitespace, an optional sign, then decimal digits (single
   * underscores allowed between digits); anything else ends the number; no digits gives 0. Values beyond a long
   * saturate (Ruby would use a Bignum).
   */
  static long toI(String s) {
    if (s == null) {
      return 0;
    }
    int i = 0;
    int n = s.length();
    while (i < n && isRubySpace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long value = 0;
    boolean saturated = false;
    boolean digits = false;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
        if (!saturated) {
          if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
            saturated = true;
          } else {
            value = value * 10 + (c - '0');
          }
        }
        i++;
      } else if (c == '_' && digits && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (saturated) {
      return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return negative ? -value : value;
  }

  private static boolean isRubySpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  /**
   * Parses a raw query string as Rack does for the keys the sandbox cares about: {@code a=1&b[]=2&b[]=3}; a plain
   * key given twice keeps its last value; a key without '=' has the value "". Keys and values are
   * percent-decoded with '+' as space.
   *
   * @return key to String or List of String, in first-seen order
   * @throws BadQueryException for invalid percent-encoding
   */
  static Map<String, Object> parseQuery(String rawQuery) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (key.isEmpty()) {
        continue;
      }
      if (key.endsWith("[]") && key.length() > 2) {
        Object existing = params.get(key.substring(0, key.length() - 2));
        @SuppressWarnings("unchecked")
        List<String> list = existing instanceof List<?> l ? (List<String>) l : new ArrayList<>();
        list.add(value);
        params.put(key.substring(0, key.length() - 2), list);
      } else {
        params.put(key, value);
      }
    }
    return params;
  }

  /** A single-valued parameter, or null when absent or an array. */
  static String single(Map<String, Object> params, String key) {
    return params.get(key) instanceof String s ? s : null;
  }

  /** ActiveSupport's {@code Hash#to_query}: each pair CGI-escaped, the pairs sorted, joined with '&'. */
  static String toQuery(Map<String, Object> params) {
    List<String> pairs = new ArrayList<>(params.size());
    for (Map.Entry<String, Object> entry : params.entrySet()) {
      if (entry.getValue() instanceof List<?> list) {
        String prefix = cgiEscape(entry.getKey() + "[]");
        if (list.isEmpty()) {
          pairs.add(prefix + "=");
        } else {
          List<String> items = new ArrayList<>(list.size());
          list.forEach(v -> items.add(prefix + "=" + cgiEscape(String.valueOf(v))));
          pairs.add(String.join("&", items));
        }
      } else {
        pairs.add(cgiEscape(entry.getKey()) + "=" + cgiEscape(String.valueOf(entry.getValue())));
      }
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  /** Ruby's {@code CGI.escape}: everything but {@code a-zA-Z0-9_.-~} percent-encoded (upper case), space as '+'. */
  static String cgiEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-' || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
        if (lo < 0) {
          throw new BadQueryException("invalid %-encoding in query");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        int codePoint = s.codePointAt(i);
        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
