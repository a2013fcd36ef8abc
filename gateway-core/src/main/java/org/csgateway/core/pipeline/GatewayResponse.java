package org.csgateway.core.pipeline;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;

/**
 * An answer on its way back to the client: status, headers and a body that is either complete (a {@link Buffer}:
 * cache hits, the gateway's own errors) or a paused stream (the upstream's body, piped to the client with
 * backpressure and never held whole). Headers are mutable so that filters can decorate the answer on its way out;
 * hop-by-hop hygiene is applied when it is written.
 */
public final class GatewayResponse {
  private final int status;
  private final MultiMap headers;
  private final Buffer body;
  private final ReadStream<Buffer> stream;

  private GatewayResponse(int status, MultiMap headers, Buffer body, ReadStream<Buffer> stream) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
    }
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = body;
    this.stream = stream;
  }

  /** A complete answer; a null body means none. */
  public static GatewayResponse of(int status, MultiMap headers, Buffer body) {
    return new GatewayResponse(status, headers, body, null);
  }

  /** A complete answer with fresh headers. */
  public static GatewayResponse of(int status, Buffer body) {
    return new GatewayResponse(status, HttpHeaders.headers(), body, null);
  }

  /** A streamed answer; the stream must be paused, and is resumed by whoever writes it. */
  public static GatewayResponse streaming(int status, MultiMap headers, ReadStream<Buffer> stream) {
    return new GatewayResponse(status, headers, null, Objects.requireNonNull(stream, "stream"));
  }

  public int status() {
    return status;
  }

  public MultiMap headers() {
    return headers;
  }

  /** The complete body, or null when there is none or when the body {@link #isStreaming() streams}. */
  public Buffer body() {
    return body;
  }

  /** The streamed body, or null when the answer is complete. */
  public ReadStream<Buffer> stream() {
    return stream;
  }

  public boolean isStreaming() {
    return stream != null;
  }

  /** The same status and headers with a complete body in place of whatever it had (a rewritten error body). */
  public GatewayResponse withBody(Buffer newBody) {
    return new GatewayResponse(status, headers, newBody, null);
  }

  /** The same status and headers with another stream (a filter that observes the bytes wraps the stream). */
  public GatewayResponse withStream(ReadStream<Buffer> newStream) {
    return new GatewayResponse(status, headers, null, Objects.requireNonNull(newStream, "stream"));
  }
}
