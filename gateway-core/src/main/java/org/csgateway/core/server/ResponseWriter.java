package org.csgateway.core.server;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import org.csgateway.core.http.HopByHopHeaders;
import org.csgateway.core.observe.RequestRecord;
import org.csgateway.core.pipeline.AbortableStream;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;

/**
 * Writes a pipeline's answer to the client: hop-by-hop headers removed, {@code X-Request-Id} set, a complete body
 * ended at once, a streamed body piped with backpressure. A streamed body that fails midway resets the client's
 * connection, so a cut-off answer is never mistaken for a complete one.
 */
final class ResponseWriter {
  private static final Logger LOG = System.getLogger(ResponseWriter.class.getName());

  private final Connections connections;

  ResponseWriter(Connections connections) {
    this.connections = connections;
  }

  void write(HttpServerRequest request, Exchange exchange, GatewayResponse answer, RequestBody body) {
    write(request, exchange, answer, body, null);
  }

  /** As {@link #write(HttpServerRequest, Exchange, GatewayResponse, RequestBody)}, marking a cut answer observed. */
  void write(HttpServerRequest request, Exchange exchange, GatewayResponse answer, RequestBody body,
      ObservedRequest observed) {
    HttpServerResponse response = request.response();
    MultiMap headers = HopByHopHeaders.strip(answer.headers());
    response.setStatusCode(answer.status());
    MultiMap out = response.headers();
    if (out.isEmpty()) {
      out.setAll(headers); // the same checks as addAll, without its list of String copies
    } else {
      out.addAll(headers);
    }
    response.headers().set(RequestIds.HEADER, exchange.requestId());
    // A body that broke (too large, too slow), or that the client holds back until 100 Continue, will not be read
    // to its end: the connection cannot carry another request.
    boolean close = body != null && (body.isFailed() || !body.isEnded() && body.isAwaitingContinue());
    if (close) {
      connections.announceClose(request);
    }
    Future<Void> written;
    if (answer.isStreaming()) {
      if (!headers.contains(HttpHeaders.CONTENT_LENGTH) && request.version() != HttpVersion.HTTP_1_0
          && mayHaveBody(request.method(), answer.status())) {
        response.setChunked(true);
      }
      written = answer.stream().pipe().endOnFailure(false).to(response);
      written.onFailure(failure -> {
        if (response.closed() || clientLeft(request, failure)) {
          LOG.log(Level.DEBUG, () -> "Request " + exchange.requestId() + " on route " + exchange.routeId()
              + ": the client left before the response body ended");
        } else {
          LOG.log(Level.WARNING, () -> "Request " + exchange.requestId() + " on route " + exchange.routeId()
              + ": the response body failed midway, resetting the client connection: " + failure);
          if (observed != null) {
            observed.mark(RequestRecord.Outcome.RESET);
          }
        }
        response.reset();
        if (observed != null) {
          observed.ensureReported(); // a reset HTTP/2 stream may tell neither end nor close handler
        }
        discard(answer); // the client will not get the rest: stop the upstream instead of reading it to the end
      });
    } else {
      written = answer.body() == null ? response.end() : response.end(answer.body());
    }
    written.onSuccess(done -> {
      if (close) {
        connections.close(request);
      } else if (body != null) {
        body.discardRest();
      }
    });
  }

  /** Lets go of an answer that will not be written, or not to its end: aborts its upstream. */
  static void discard(GatewayResponse answer) {
    AbortableStream.abort(answer.stream());
  }

  /**
   * Whether a streamed answer failed because the client's connection closed under a write. Netty tells Vert.x of a
   * close only later on the event loop, so {@code response.closed()} can still be false when the write fails, in one
   * of two ways. A write to a channel already closed fails with a {@link ClosedChannelException}; the upstream's side
   * never fails that way (it fails with Vert.x's HttpClosedException, an IOException or the stall timeout), so that
   * exception alone says whose side broke. A write the client's reset refuses ("Broken pipe", "Connection reset by
   * peer") fails with a plain IOException, as an upstream reset does; but Netty closes the client's channel before it
   * fails the write, so the channel, already inactive, tells them apart.
   */
  private static boolean clientLeft(HttpServerRequest request, Throwable failure) {
    return failure instanceof ClosedChannelException
        || failure instanceof IOException && request.connection() instanceof ConnectionBase connection
            && !connection.channel().isActive();
  }

  private static boolean mayHaveBody(HttpMethod method, int status) {
    return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }
}
