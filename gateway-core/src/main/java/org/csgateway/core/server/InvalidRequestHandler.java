package org.csgateway.core.server;

import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.observe.RequestRecord;

/**
 * For {@code HttpServer.invalidRequestHandler}: answers requests the HTTP codec could not decode with an errors body
 * and closes the connection. A request line beyond the codec's limit gets 414, a header section beyond it 431,
 * anything else malformed 400 (framed by both {@code Content-Length} and {@code Transfer-Encoding}, when
 * {@link EdgeConnections} hardens the decoder, with its own message). A head cut short by its client closing the
 * connection is not answered and is observed as the client leaving (499).
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = System.getLogger(InvalidRequestHandler.class.getName());

  private final ErrorResponder errors;
  private final ServerLimits limits;
  private final RequestObserver observer;
  private final Connections connections;

  /**
   * Made by {@link GatewayRequestHandler#invalidRequests()} only: a handler with a record of closing connections of
   * its own would let a request pipelined behind an undecodable one be served.
   *
   * @param observer told about each refused request, as the request handler tells about the others
   * @param connections the connections being closed, shared with the server's {@link GatewayRequestHandler}
   */
  InvalidRequestHandler(ErrorResponder errors, ServerLimits limits, RequestObserver observer,
      Connections connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof PrematureChannelClosureException) {
      // The client closed its connection in the middle of a head: nobody to answer; it left (499), it was not refused
      ObservedRequest.reportLeft(observer, request, System::nanoTime, System.nanoTime());
      request.connection().close();
      return;
    }
    GatewayException refusal;
    if (cause instanceof TooLongHttpLineException) {
      refusal = EdgeRefusals.uriTooLong(limits.maxUriLength());
    } else if (cause instanceof TooLongHttpHeaderException) {
      refusal = EdgeRefusals.headersTooLarge(limits.maxHeaderBytes());
    } else if (cause instanceof StrictRequestDecoder.AmbiguousFramingException) {
      refusal = EdgeRefusals.lengthWithTransferEncoding();
    } else {
      refusal = EdgeRefusals.malformed();
    }
    LOG.log(Level.DEBUG, () -> "Refused an undecodable request: " + refusal.status() + " " + cause);
    ObservedRequest observed = ObservedRequest.watch(observer, request, System::nanoTime, System.nanoTime());
    if (observed != null) {
      observed.mark(RequestRecord.Outcome.REFUSED);
    }
    connections.announceClose(request);
    errors.write(request.response(), refusal.status(), refusal.getMessage());
    connections.close(request);
  }
}
