package org.csgateway.core.ratelimit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for RFC 9651 structured-field Lists of Items (no inner lists, dates or display strings), enough
 * to read the RateLimit fields the way a conforming client would. Anything malformed throws.
 */
public final class StructuredFields {
  /** An Item: its bare value (String, Token, Long, BigDecimal, Boolean or byte[]) and its parameters in order. */
  public record Item(Object value, Map<String, Object> params) {
    public long integer(String key) {
      Object v = params.get(key);
      if (!(v instanceof Long l)) {
        throw new IllegalArgumentException("parameter " + key + " is not an Integer: " + v);
      }
      return l;
    }
  }

  /** A Token, kept apart from a String as RFC 9651 does. */
  public record Token(String value) {}

  private final String input;
  private int pos;

  private StructuredFields(String input) {
    this.input = input;
  }

  public static List<Item> parseList(String field) {
    StructuredFields p = new StructuredFields(field);
    p.skipSp();
    List<Item> members = new ArrayList<>();
    while (p.pos < p.input.length()) {
      members.add(p.item());
      p.skipOws();
      if (p.pos >= p.input.length()) {
        return members;
      }
      p.expect(',');
      p.skipOws();
      if (p.pos >= p.input.length()) {
        throw new IllegalArgumentException("trailing comma in " + field);
      }
    }
    return members;
  }

  private Item item() {
    Object value = bareItem();
    Map<String, Object> params = new LinkedHashMap<>();
    while (pos < input.length() && input.charAt(pos) == ';') {
      pos++;
      skipSp();
      String key = key();
      Object v = Boolean.TRUE;
      if (pos < input.length() && input.charAt(pos) == '=') {
        pos++;
        v = bareItem();
      }
      params.put(key, v);
    }
    return new Item(value, params);
  }

  private Object bareItem() {
    char c = peek();
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == ':') {
      return bytes();
    }
    if (c == '?') {
      pos++;
      char b = next();
      if (b != '0' && b != '1') {
        throw new IllegalArgumentException("bad boolean at " + pos);
      }
      return b == '1';
    }
    if (Character.isLetter(c) || c == '*') {
      return token();
    }
    throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in " + input);
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < input.length() && (Character.isDigit(input.charAt(pos)) || input.charAt(pos) == '.')) {
      pos++;
    }
    String text = input.substring(start, pos);
    if (text.contains(".")) {
      return new BigDecimal(text);
    }
    if (text.replace("-", "").length() > 15) {
      throw new IllegalArgumentException("integer too long: " + text);
    }
    return Long.parseLong(text);
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '\\') {
        char escaped = next();
        if (escaped != '"' && escaped != '\\') {
          throw new IllegalArgumentException("bad escape at " + pos);
        }
        out.append(escaped);
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("bad character in string at " + pos);
      } else {
        out.append(c);
      }
    }
  }

  private byte[] bytes() {
    expect(':');
    int end = input.indexOf(':', pos);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated byte sequence");
    }
    byte[] decoded = Base64.getDecoder().decode(input.substring(pos, end));
    pos = end + 1;
    return decoded;
  }

  private Token token() {
    int start = pos;
    while (pos < input.length() && "!#$%&'*+-.^_`|~:/".indexOf(input.charAt(pos)) >= 0
        || pos < input.length() && Character.isLetterOrDigit(input.charAt(pos))) {
      pos++;
    }
    return new Token(input.substring(start, pos));
  }

  private String key() {
    int start = pos;
    char first = peek();
    if (!(first >= 'a' && first <= 'z') && first != '*') {
      throw new IllegalArgumentException("bad key start '" + first + "' at " + pos + " in " + input);
    }
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if ((c >= 'a' && c <= 'z') || Character.isDigit(c) || "_-.*".indexOf(c) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    return input.substring(start, pos);
  }

  private char peek() {
    if (pos >= input.length()) {
      throw new IllegalArgumentException("unexpected end of " + input);
    }
    return input.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1) + " in " + input);
    }
  }

  private void skipSp() {
    while (pos < input.length() && input.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < input.length() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
      pos++;
    }
  }
}
