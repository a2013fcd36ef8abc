package org.csgateway.core.pipeline;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;

/**
 * What the client sent, as seen at the edge: the request head (never modified) and its body as a paused stream.
 * Built from a Vert.x server request by the server, or by hand in tests.
 *
 * @param method the request method
 * @param path the raw request path, still percent-encoded
 * @param query the raw query string without '?', or null
 * @param headers the request headers as received (read-only by convention: change {@link Exchange#upstreamHeaders()})
 * @param scheme "http" or "https", as the client connected to the gateway
 * @param authority the Host (or :authority) the client addressed, or null
 * @param remoteAddress the peer's IP address
 * @param body the body as a paused stream, or null when there is none
 */
public record GatewayRequest(
    HttpMethod method,
    String path,
    String query,
    MultiMap headers,
    String scheme,
    String authority,
    String remoteAddress,
    ReadStream<Buffer> body) {

  public GatewayRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(scheme, "scheme");
  }

  /** The path and query as sent, "/api/projects?page=2". */
  public String uri() {
    return query == null ? path : path + '?' + query;
  }
}
