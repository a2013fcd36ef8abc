package org.csgateway.core.forward;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.http.HopByHopHeaders;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;

/**
 * One request's way upstream: its attempts, the pipe of the client's body, and what their failures mean. A retry
 * happens only for a retryable method, within the budget, and only when the upstream cannot have acted on the
 * request: the connection failed before anything was sent, or the connection closed before any response byte while
 * the request had no body. Once the answer's head is in, its body may pause at most the body idle timeout at a time
 * ({@link StallGuardedBody}). Confined to the event loop of its exchange.
 */
final class UpstreamCall {
  private static final Logger LOG = System.getLogger(UpstreamCall.class.getName());

  private final HttpClient client;
  private final RequestOptions options;
  private final Exchange exchange;
  private final ForwardedHeaders forwarded;
  private final RetryBudget budget;
  private final RetryConfig retry;
  private final long responseTimeoutMillis;
  private final long bodyIdleTimeoutMillis;
  private final boolean retryable;
  private final ForwardListener listener;
  private final LongSupplier nanoClock;
  private final ResponseDeadlines deadlines;
  private ResponseDeadlines.Watch headWatch;
  private long startNanos;
  private int retries;
  private GatewayException bodyFailure;
  private boolean responded;

  UpstreamCall(HttpClient client, RequestOptions options, Exchange exchange, UpstreamConfig config,
      ForwardedHeaders forwarded, RetryBudget budget, ForwardListener listener, LongSupplier nanoClock,
      ResponseDeadlines deadlines) {
    this.deadlines = deadlines;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.client = client;
    this.options = options;
    this.exchange = exchange;
    this.forwarded = forwarded;
    this.budget = budget;
    this.retry = config.retry();
    this.responseTimeoutMillis = config.responseTimeout().toMillis();
    this.bodyIdleTimeoutMillis = config.bodyIdleTimeout().toMillis();
    this.retryable = retry.allows(exchange.request().method());
  }

  Future<GatewayResponse> start() {
    if (listener != ForwardListener.NONE) {
      startNanos = nanoClock.getAsLong();
    }
    if (retryable) {
      budget.deposit(exchange.routeId());
    }
    return attempt();
  }

  private Future<GatewayResponse> attempt() {
    return client.request(options).transform(connected -> {
      if (connected.succeeded()) {
        return send(connected.result());
      }
      // Nothing was sent: even a body is untouched, so a retryable method may try again.
      if (mayRetry()) {
        return attempt();
      }
      return fail(connected.cause(), UpstreamFailures.isTimeout(connected.cause())
          ? ForwardListener.ErrorKind.TIMEOUT : ForwardListener.ErrorKind.CONNECT);
    });
  }

  private Future<GatewayResponse> send(HttpClientRequest request) {
    ReadStream<Buffer> body = exchange.upstreamBody(); // a filter may observe the bytes on their way (revoke)
    request.exceptionHandler(reported -> {}); // every failure also fails response(), where it is handled once
    if (body == null) {
      request.end();
      awaitHead(request);
    } else {
      if (!request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        request.setChunked(true);
      }
      body.pipe().endOnFailure(false).to(request).onComplete(piped -> {
        if (piped.failed()) {
          if (piped.cause() instanceof GatewayException refusal) {
            bodyFailure = refusal; // the client's body broke a limit, ran out of time or was cut off
          }
          request.reset(0, piped.cause());
        } else if (!responded) {
          awaitHead(request);
        }
      });
    }
    return request.response().transform(answered -> {
      if (headWatch != null) {
        deadlines.cancel(headWatch); // one attempt at a time: this is the watch of the attempt answered here
        headWatch = null;
      }
      if (answered.succeeded()) {
        return Future.succeededFuture(toGatewayResponse(answered.result()));
      }
      Throwable cause = bodyFailure != null ? bodyFailure : answered.cause();
      if (body == null && !UpstreamFailures.isTimeout(cause) && mayRetry()) {
        return attempt();
      }
      return fail(cause, bodyFailure != null ? null
          : UpstreamFailures.isTimeout(cause) ? ForwardListener.ErrorKind.TIMEOUT : ForwardListener.ErrorKind.RESET);
    });
  }

  /**
   * Starts the response timeout once the request is sent: on this event loop's shared deadline list, or, on a loop
   * the list does not belong to, with a timer of the request's own.
   */
  private void awaitHead(HttpClientRequest request) {
    if (deadlines == null || !deadlines.isCurrent()) {
      request.idleTimeout(responseTimeoutMillis);
      return;
    }
    headWatch = deadlines.watch(() -> request.reset(0, new TimeoutException(
        "The upstream sent no answer within " + responseTimeoutMillis + " ms")));
  }

  private GatewayResponse toGatewayResponse(HttpClientResponse response) {
    response.pause(); // before any chunk is delivered: whoever writes the answer resumes it
    responded = true;
    recordWait();
    // Not validated on the way in: the client's decoder checked the upstream's headers, and the server's response
    // checks them again as it takes them.
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().setAll(response.headers());
    HopByHopHeaders.strip(headers);
    forwarded.addVia(headers);
    // The request's idle timeout stops with the head; a body that stalls midway would otherwise hold both
    // connections for as long as the upstream likes. Called on the exchange's event loop, so its context is current.
    Vertx vertx = Vertx.currentContext().owner();
    return GatewayResponse.streaming(response.statusCode(), headers,
        new StallGuardedBody(vertx, response, bodyIdleTimeoutMillis, this::onStalledBody));
  }

  /** The body stalled: the writer of the answer logs the cut and marks it; here it is counted as an upstream error. */
  private void onStalledBody() {
    listener.onError(ForwardListener.ErrorKind.TIMEOUT);
  }

  /** Fails with the client-facing error for this cause; an upstream failure (5xx) is logged here, once. */
  private Future<GatewayResponse> fail(Throwable cause, ForwardListener.ErrorKind kind) {
    recordWait();
    if (kind != null) {
      listener.onError(kind);
    }
    GatewayException error = UpstreamFailures.toGatewayException(cause);
    if (error.status() >= 500) {
      LOG.log(Level.WARNING, () -> "Request " + exchange.requestId() + " on route " + exchange.routeId() + ": "
          + error.code() + " after " + (retries + 1) + " attempt(s): " + cause);
    }
    return Future.failedFuture(error);
  }

  private boolean mayRetry() {
    if (!retryable || retries >= retry.attempts() || !budget.tryWithdraw(exchange.routeId())) {
      return false;
    }
    retries++;
    listener.onRetry();
    return true;
  }

  /** Leaves the wait on the upstream on the exchange, for the request's observers. */
  private void recordWait() {
    if (listener != ForwardListener.NONE) {
      exchange.put(Observations.UPSTREAM_NANOS, nanoClock.getAsLong() - startNanos);
    }
  }
}
