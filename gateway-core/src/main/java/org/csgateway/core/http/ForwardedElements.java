package org.csgateway.core.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes RFC 7239 {@code Forwarded} field values: elements separated by commas, each a list of
 * {@code name=value} pairs separated by semicolons, values being tokens or quoted strings. Parsing is lenient (a
 * malformed pair is skipped) because the header may come from anyone; what it yields is only believed for trusted
 * hops.
 */
final class ForwardedElements {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private ForwardedElements() {}

  /** The elements of these field values, left to right, as lower-case parameter name to unquoted value. */
  static List<Map<String, String>> parse(List<String> fieldValues) {
    List<Map<String, String>> elements = new ArrayList<>();
    for (String field : fieldValues) {
      Map<String, String> element = new HashMap<>(4);
      int i = 0;
      int n = field.length();
      while (i < n) {
        int nameStart = i;
        while (i < n && "=;,".indexOf(field.charAt(i)) < 0) {
          i++;
        }
        String name = field.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
        if (i < n && field.charAt(i) == '=') {
          StringBuilder value = new StringBuilder();
          i = readValue(field, i + 1, value);
          if (!name.isEmpty()) {
            element.putIfAbsent(name, value.toString().trim());
          }
        }
        if (i < n && field.charAt(i) == ',') {
          addIfNotEmpty(elements, element);
          element = new HashMap<>(4);
        }
        i++;
      }
      addIfNotEmpty(elements, element);
    }
    return elements;
  }

  /** The value of a {@code for=} or {@code by=} parameter for this address: quoted and bracketed for IPv6. */
  static String node(String address) {
    return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
  }

  /** A parameter value as a token when it is one, else as a quoted string. */
  static String value(String raw) {
    if (TOKEN.matcher(raw).matches()) {
      return raw;
    }
    return '"' + raw.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static int readValue(String field, int start, StringBuilder out) {
    int i = start;
    int n = field.length();
    while (i < n && field.charAt(i) == ' ') {
      i++;
    }
    if (i < n && field.charAt(i) == '"') {
      i++;
      while (i < n && field.charAt(i) != '"') {
        char c = field.charAt(i);
        if (c == '\\' && i + 1 < n) {
          c = field.charAt(++i);
        }
        out.append(c);
        i++;
      }
      i++;
      while (i < n && field.charAt(i) != ';' && field.charAt(i) != ',') {
        i++;
      }
      return i;
    }
    while (i < n && field.charAt(i) != ';' && field.charAt(i) != ',') {
      out.append(field.charAt(i++));
    }
    return i;
  }

  private static void addIfNotEmpty(List<Map<String, String>> elements, Map<String, String> element) {
    if (!element.isEmpty()) {
      elements.add(element);
    }
  }
}
