package org.csgateway.core.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
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
  private static final List<CharSequence> ALWAYS = List.of(
      HttpHeaders.CONNECTION,
      HttpHeaders.KEEP_ALIVE,
      "Proxy-Connection",
      "TE",
      "Trailer",
      HttpHeaders.TRANSFER_ENCODING,
      HttpHeaders.UPGRADE);
  private static final String PROXY_PREFIX = "proxy-";

  private HopByHopHeaders() {}

  /** Removes the hop-by-hop headers from these headers, in place, and returns them. */
  public static MultiMap strip(MultiMap headers) {
    List<String> doomed = new ArrayList<>(4);
    for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          doomed.add(name);
        }
      }
    }
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.regionMatches(true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
        doomed.add(name);
      }
    }
    for (String name : doomed) {
      headers.remove(name);
    }
    for (CharSequence name : ALWAYS) {
      headers.remove(name);
    }
    return headers;
  }
}
