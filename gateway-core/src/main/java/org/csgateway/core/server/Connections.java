package org.csgateway.core.server;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Ends the exchange of a request whose body will not be read to its end. Over HTTP/1.x the connection cannot carry
 * another request, so the answer says {@code Connection: close} and the connection is closed; over HTTP/2 only the
 * request's stream is reset (RFC 9113 §8.1), the connection and its other streams live on.
 */
final class Connections {
  private Connections() {}

  /** Announces on the answer, before its head is written, that the exchange will be cut. */
  static void announceClose(HttpServerRequest request) {
    if (isHttp1(request)) {
      request.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
  }

  /** Cuts the exchange: closes an HTTP/1.x connection, resets an HTTP/2 stream. */
  static void close(HttpServerRequest request) {
    if (isHttp1(request)) {
      request.connection().close();
    } else {
      request.response().reset();
    }
  }

  private static boolean isHttp1(HttpServerRequest request) {
    return request.version() == HttpVersion.HTTP_1_1 || request.version() == HttpVersion.HTTP_1_0;
  }
}
