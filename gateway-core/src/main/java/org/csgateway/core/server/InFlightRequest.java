package org.csgateway.core.server;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.observe.RequestRecord;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Pipeline;

/**
 * One accepted request from the moment the pipeline starts until its answer is written: it runs the pipeline,
 * watches the clock while the body arrives (408 when it does not arrive in time), and writes whatever answer comes
 * back, unless the client was already answered. Confined to the request's event loop.
 */
final class InFlightRequest {
  private static final Logger LOG = System.getLogger(InFlightRequest.class.getName());

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final Exchange exchange;
  private final RequestBody body;
  private final ErrorResponder errors;
  private final ResponseWriter writer;
  private final Connections connections;
  private ObservedRequest observed;

  InFlightRequest(Vertx vertx, HttpServerRequest request, Exchange exchange, RequestBody body,
      ErrorResponder errors, ResponseWriter writer, Connections connections) {
    this.vertx = vertx;
    this.request = request;
    this.exchange = exchange;
    this.body = body;
    this.errors = errors;
    this.writer = writer;
    this.connections = connections;
  }

  /** Marks the exchange's end for this observation (null: nobody observes). */
  InFlightRequest observedBy(ObservedRequest observation) {
    this.observed = observation;
    return this;
  }

  void run(Pipeline pipeline, long requestTimeoutMillis) {
    if (body != null) {
      long timer = vertx.setTimer(requestTimeoutMillis, fired -> onRequestTimeout());
      body.onSettled(failure -> {
        vertx.cancelTimer(timer);
        if (failure != null && request.response().headWritten()) {
          connections.close(request); // the answer is under way and the rest of the request cannot be read
        }
      });
      if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        body.onFirstRead(() -> request.response().writeContinue());
      }
    }
    Future<GatewayResponse> answer;
    try {
      answer = pipeline.handle(exchange);
    } catch (RuntimeException fault) {
      answer = Future.failedFuture(fault);
    }
    answer.onComplete(this::respond);
  }

  private void onRequestTimeout() {
    GatewayException timeout = GatewayException.requestTimeout();
    HttpServerResponse response = request.response();
    boolean answered = response.headWritten();
    if (observed != null) {
      observed.mark(RequestRecord.Outcome.TIMED_OUT);
    }
    if (!answered) {
      connections.announceClose(request);
      errors.write(response, timeout.status(), timeout.getMessage());
    }
    body.fail(timeout); // a forward stage piping the body aborts its upstream request
    connections.close(request);
    LOG.log(Level.DEBUG, () -> "Request " + exchange.requestId() + " on route " + exchange.routeId()
        + ": body not received in time after " + body.bytesReceived() + " bytes"
        + (answered ? ", connection closed" : ", answered 408"));
  }

  private void respond(AsyncResult<GatewayResponse> outcome) {
    GatewayResponse answer;
    if (outcome.succeeded()) {
      answer = outcome.result();
    } else {
      Throwable cause = outcome.cause();
      if (!(cause instanceof GatewayException)) {
        LOG.log(Level.WARNING, "Request " + exchange.requestId() + " on route " + exchange.routeId()
            + " failed with a fault; answering 500", cause);
      }
      answer = errors.response(cause);
    }
    HttpServerResponse response = request.response();
    if (response.headWritten() || response.closed()) {
      ResponseWriter.discard(answer);
      return;
    }
    writer.write(request, exchange, answer, body, observed);
  }
}
