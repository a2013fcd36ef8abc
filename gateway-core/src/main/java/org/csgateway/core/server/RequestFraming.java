package org.csgateway.core.server;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import org.csgateway.core.error.GatewayException;

/**
 * The checks of an HTTP/1.x request's framing and target that the decoder leaves to the application, each one a way
 * for the gateway and a server before or behind it to disagree about what the request is (RFC 9112):
 * {@code Transfer-Encoding} other than exactly {@code chunked} (other codings, lists, repeats, or on HTTP/1.0),
 * a missing or repeated {@code Host} on HTTP/1.1, and a {@code #} in the request target (a server behind would cut the
 * path there, after the gateway matched the whole of it). HTTP/2 requests frame themselves and are not checked.
 */
final class RequestFraming {
  private RequestFraming() {}

  /** The refusal of this request, or null when its framing is sound. */
  static GatewayException check(HttpServerRequest request) {
    HttpVersion version = request.version();
    if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
      return null;
    }
    List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (!codings.isEmpty() && (version == HttpVersion.HTTP_1_0 || codings.size() > 1
        || !"chunked".equalsIgnoreCase(codings.get(0).trim()))) {
      return EdgeRefusals.invalidTransferEncoding();
    }
    if (version == HttpVersion.HTTP_1_1 && request.headers().getAll(HttpHeaders.HOST).size() != 1) {
      return EdgeRefusals.invalidHost();
    }
    if (request.uri().indexOf('#') >= 0) {
      return EdgeRefusals.malformed();
    }
    return null;
  }
}
