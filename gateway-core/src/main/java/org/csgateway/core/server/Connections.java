package org.csgateway.core.server;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Ends the exchange of a request whose body will not be read to its end. Over HTTP/1.x the connection cannot carry
 * another request, so the answer says {@code Connection: close} and the connection is closed; over HTTP/2 only the
 * request's stream is reset (RFC 9113 §8.1), the connection and its other streams live on.
 *
 * <p>It remembers the HTTP/1.x connections it is closing: Vert.x may already have decoded a request pipelined
 * behind the one cut (the bytes after a body refused midway, or after a refused head) and hands it over when the
 * answer ends, before the close lands. Such a request is never served ({@link #isClosing}): where the cut request
 * ended is exactly what is in doubt. One instance serves the handlers of one server; connections are held weakly.
 */
final class Connections {
  private final Set<HttpConnection> closing =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** Announces on the answer, before its head is written, that the exchange will be cut. */
  void announceClose(HttpServerRequest request) {
    if (isHttp1(request)) {
      closing.add(request.connection());
      request.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
  }

  /** Cuts the exchange: closes an HTTP/1.x connection, resets an HTTP/2 stream. */
  void close(HttpServerRequest request) {
    if (isHttp1(request)) {
      closing.add(request.connection());
      request.connection().close();
    } else {
      request.response().reset();
    }
  }

  /** Whether this request came on a connection being closed after an earlier request was cut. */
  boolean isClosing(HttpServerRequest request) {
    return !closing.isEmpty() && closing.contains(request.connection());
  }

  private static boolean isHttp1(HttpServerRequest request) {
    return request.version() == HttpVersion.HTTP_1_1 || request.version() == HttpVersion.HTTP_1_0;
  }
}
