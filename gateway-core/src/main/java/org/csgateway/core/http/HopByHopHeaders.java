package org.csgateway.core.http;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes the headers that belong to one connection and must not be forwarded (RFC 9110 §7.6.1), in either
 * direction: {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, every header named in a {@code Connection} token and every
 * {@code Proxy-*} header. Apply it before the gateway adds headers of its own, so that a client cannot name them in
 * {@code Connection} to have them dropped.
 */
public final class HopByHopHeaders {
  private static final AsciiString TE = AsciiString.cached("te");
  private static final AsciiString TRAILER = AsciiString.cached("trailer");
  private static final AsciiString PROXY_PREFIX = AsciiString.cached("proxy-");

  private HopByHopHeaders() {}

  /**
   * Removes the hop-by-hop headers from these headers, in place, and returns them. It runs on every request and
   * response, so it reads the headers once and changes them only when there is something to remove (the usual
   * case has nothing).
   */
  public static MultiMap strip(MultiMap headers) {
    List<CharSequence> doomed = null;
    List<CharSequence> named = null; // Connection tokens: applied after the pass, they may name earlier headers
    Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> entries = HeaderEntries.of(headers);
    while (entries.hasNext()) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> header = entries.next();
      CharSequence name = header.getKey();
      if (isHopByHop(name)) {
        if (doomed == null) {
          doomed = new ArrayList<>(4);
        }
        doomed.add(name);
        if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaders.CONNECTION)) {
          named = addTokens(header.getValue(), named);
        }
      }
    }
    if (doomed != null) {
      remove(headers, doomed);
      if (named != null) {
        remove(headers, named);
      }
    }
    return headers;
  }

  /** Whether this header name is hop-by-hop by itself (not counting the names a Connection header lists). */
  static boolean isHopByHop(CharSequence name) {
    return switch (name.length()) {
      case 2 -> AsciiString.contentEqualsIgnoreCase(name, TE);
      case 7 -> AsciiString.contentEqualsIgnoreCase(name, TRAILER)
          || AsciiString.contentEqualsIgnoreCase(name, HttpHeaders.UPGRADE);
      case 10 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaders.CONNECTION)
          || AsciiString.contentEqualsIgnoreCase(name, HttpHeaders.KEEP_ALIVE);
      case 17 -> AsciiString.contentEqualsIgnoreCase(name, HttpHeaders.TRANSFER_ENCODING)
          || hasProxyPrefix(name);
      default -> hasProxyPrefix(name); // Proxy-Connection, Proxy-Authorization, ...
    };
  }

  private static boolean hasProxyPrefix(CharSequence name) {
    return name.length() >= PROXY_PREFIX.length()
        && AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length());
  }

  private static List<CharSequence> addTokens(CharSequence value, List<CharSequence> into) {
    List<CharSequence> tokens = into == null ? new ArrayList<>(2) : into;
    for (String token : value.toString().split(",")) {
      String name = token.trim();
      if (!name.isEmpty()) {
        tokens.add(name);
      }
    }
    return tokens;
  }

  private static void remove(MultiMap headers, List<CharSequence> names) {
    for (CharSequence name : names) {
      headers.remove(name);
    }
  }
}
