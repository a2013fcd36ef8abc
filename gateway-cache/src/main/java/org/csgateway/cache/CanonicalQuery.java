package org.csgateway.cache;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.csgateway.core.http.AsciiDigits;

/**
 * Turns a raw query string into the form used in cache keys. Two queries get the same form only when Rails would
 * read the same parameters from them: pairs are sorted by decoded name with a stable sort (so repeated names keep
 * their order, and "last one wins" still holds), credentials the authentication stage already turned into the
 * principal are dropped, and on paginated routes {@code page} and {@code per_page} get their defaults made
 * explicit the way api-pagination reads them. Anything it cannot read with certainty (a ';' separator, a malformed
 * escape, a non-numeric page) is kept as sent, which can only split entries, never merge different ones.
 */
final class CanonicalQuery {
  /** Doorkeeper reads tokens from these parameters; the principal already stands for them. */
  static final Set<String> CREDENTIAL_PARAMETERS = Set.of("access_token", "bearer_token");

  private static final int DEFAULT_PAGE = 1;
  /** will_paginate's per_page, which no ComputeStacks model overrides. */
  private static final int DEFAULT_PER_PAGE = 30;

  private CanonicalQuery() {}

  /**
   * @param rawQuery the query without '?', or null
   * @param paginated whether the route reads page and per_page
   */
  static String of(String rawQuery, boolean paginated) {
    String query = rawQuery == null ? "" : rawQuery;
    if (query.indexOf(';') >= 0) {
      return "raw:" + query;
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.indexOf('%') >= 0 || name.indexOf('+') >= 0) { // URLDecoder copies even what has nothing to decode
        try {
          name = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return "raw:" + query;
        }
      }
      if (!CREDENTIAL_PARAMETERS.contains(name)) {
        pairs.add(new String[] {name, pair});
      }
    }
    if (paginated) {
      explicitDefault(pairs, "page", DEFAULT_PAGE);
      explicitDefault(pairs, "per_page", DEFAULT_PER_PAGE);
    }
    pairs.sort(Comparator.comparing(p -> p[0]));
    StringBuilder out = new StringBuilder(query.length() + 24);
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[1]);
    }
    return out.toString();
  }

  /** Replaces every occurrence of a numeric parameter with its effective value (the last one, or the default). */
  private static void explicitDefault(List<String[]> pairs, String name, int defaultValue) {
    String last = null;
    for (String[] pair : pairs) {
      if (pair[0].equals(name)) {
        int eq = pair[1].indexOf('=');
        last = eq < 0 ? "" : pair[1].substring(eq + 1);
      }
    }
    // Up to 9 digits (empty included): what Integer.parseInt reads without overflow.
    if (last != null && (last.length() > 9 || !AsciiDigits.only(last))) {
      return; // "abc", "-1", "2x": Ruby's to_i has its own ideas; keep the raw pairs, a separate entry
    }
    int value = last == null || last.isEmpty() ? 0 : Integer.parseInt(last);
    pairs.removeIf(pair -> pair[0].equals(name));
    pairs.add(new String[] {name, name + '=' + (value <= 0 ? defaultValue : value)});
  }
}
