package org.csgateway.core.version;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.csgateway.core.http.AsciiDigits;

/**
 * A lenient parser of the {@code Accept} header as RFC 9110 §12.5.1 defines it: a comma-separated list of media
 * ranges, each with {@code ;}-separated parameters (token or quoted-string values with backslash escapes) and an
 * optional weight {@code q}. Optional whitespace is allowed around {@code ;}, {@code ,} and {@code =}. Types,
 * subtypes and parameter names compare case-insensitively and are returned in lower case.
 *
 * <p>It never throws: client input is untrusted. An element that is not {@code type/subtype} (or whose weight is
 * not a number from 0 to 1) is dropped; a malformed parameter is dropped alone, so a range keeps its other
 * parameters.
 */
public final class AcceptHeader {
  private AcceptHeader() {}

  /** The media ranges of a header value, in the order sent; empty for null, blank or garbage. */
  public static List<MediaRange> parse(String header) {
    List<MediaRange> ranges = new ArrayList<>();
    if (header == null) {
      return ranges;
    }
    int position = 0;
    for (String element : split(header, ',')) {
      MediaRange range = parseRange(element, position);
      if (range != null) {
        ranges.add(range);
        position++;
      }
    }
    return ranges;
  }

  private static MediaRange parseRange(String element, int position) {
    List<String> segments = split(element, ';');
    String mediaType = segments.get(0).strip();
    int slash = mediaType.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String type = mediaType.substring(0, slash).toLowerCase(Locale.ROOT);
    String subtype = mediaType.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (!isToken(type) || !isToken(subtype) || type.equals("*") && !subtype.equals("*")) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    double quality = 1;
    boolean weighted = false;
    for (int i = 1; i < segments.size(); i++) {
      String segment = segments.get(i);
      int eq = segment.indexOf('=');
      if (eq < 0) {
        continue; // empty ("a/b;;c=d", "a/b;") or a bare name: no parameter
      }
      String name = segment.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = parameterValue(segment.substring(eq + 1).strip());
      if (!isToken(name) || value == null) {
        continue;
      }
      if (name.equals("q")) {
        if (!weighted) {
          Double q = weight(value);
          if (q == null) {
            return null;
          }
          quality = q;
          weighted = true;
        }
      } else {
        parameters.putIfAbsent(name, value);
      }
    }
    return new MediaRange(type, subtype, parameters, quality, position);
  }

  /** A token as is, a quoted-string unquoted and unescaped; null if it is neither. */
  private static String parameterValue(String raw) {
    if (raw.isEmpty() || raw.charAt(0) != '"') {
      return isToken(raw) ? raw : null;
    }
    StringBuilder value = new StringBuilder(raw.length());
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        value.append(raw.charAt(++i));
      } else if (c == '"') {
        return i == raw.length() - 1 ? value.toString() : null;
      } else {
        value.append(c);
      }
    }
    return null; // unterminated
  }

  /** A weight: a decimal number from 0 to 1 (RFC 9110 allows at most three decimals; more are tolerated). */
  private static Double weight(String value) {
    int dot = value.indexOf('.');
    String digits = dot < 0 ? value : value.substring(0, dot) + value.substring(dot + 1);
    if (digits.isEmpty() || dot == 0 || digits.length() > 10 || !AsciiDigits.only(digits)) {
      return null;
    }
    double q = Double.parseDouble(value);
    return q <= 1 ? q : null;
  }

  /** Splits on a separator outside quoted strings, honouring backslash escapes inside them. */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == separator) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
