package org.csgateway.core.server;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.LongSupplier;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.observe.RequestRecord;
import org.csgateway.core.observe.RequestRecord.Outcome;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.ratelimit.RateLimitDecision;
import org.csgateway.core.version.ApiVersion;

/**
 * Tells the {@link RequestObserver} about one request exactly once, when its response ends or its connection closes
 * first, whichever happens first; the server code marks the exchanges that ended otherwise than completed (refused
 * at the edge, timed out, reset). Confined to the request's event loop.
 */
final class ObservedRequest {
  private static final Logger LOG = System.getLogger(ObservedRequest.class.getName());

  private final RequestObserver observer;
  private final HttpServerRequest request;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private String requestId;
  private Exchange exchange;
  private RequestBody body;
  private Outcome marked;
  private boolean reported;

  private ObservedRequest(RequestObserver observer, HttpServerRequest request, LongSupplier nanoClock,
      long startNanos) {
    this.observer = observer;
    this.request = request;
    this.nanoClock = nanoClock;
    this.startNanos = startNanos;
  }

  /** Watches this request's response; null when nobody observes (so that observing costs nothing when off). */
  static ObservedRequest watch(RequestObserver observer, HttpServerRequest request, LongSupplier nanoClock,
      long startNanos) {
    if (observer == RequestObserver.NONE) {
      return null;
    }
    ObservedRequest observed = new ObservedRequest(observer, request, nanoClock, startNanos);
    HttpServerResponse response = request.response();
    response.endHandler(ended -> observed.report(response.ended() ? Outcome.COMPLETED : Outcome.CLIENT_CLOSED));
    response.closeHandler(closed -> observed.report(Outcome.CLIENT_CLOSED));
    return observed;
  }

  /** Reports at once a request its client left before it became an exchange (a head cut short, a reset stream). */
  static void reportLeft(RequestObserver observer, HttpServerRequest request, LongSupplier nanoClock,
      long startNanos) {
    ObservedRequest observed = watch(observer, request, nanoClock, startNanos);
    if (observed != null) {
      observed.ensureReported();
    }
  }

  /** The exchange the pipeline runs on, once there is one. */
  void attach(Exchange running, RequestBody requestBody) {
    this.exchange = running;
    this.body = requestBody;
  }

  /** The id of a request refused before it had an exchange. */
  void requestId(String id) {
    this.requestId = id;
  }

  /** Says how the exchange ends before it does: refused, timed out or reset by the gateway. */
  void mark(Outcome outcome) {
    if (marked == null) {
      marked = outcome;
    }
  }

  /** Reports now unless already reported: for ends the response handlers may not see (a reset HTTP/2 stream). */
  void ensureReported() {
    report(Outcome.CLIENT_CLOSED);
  }

  private void report(Outcome seen) {
    if (reported) {
      return;
    }
    reported = true;
    Outcome outcome = marked != null ? marked : seen;
    try {
      observer.onRequestEnd(record(outcome));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A request observer failed", e);
    }
  }

  private RequestRecord record(Outcome outcome) {
    HttpServerResponse response = request.response();
    int status = response.headWritten() || outcome != Outcome.CLIENT_CLOSED
        ? response.getStatusCode() : RequestRecord.CLIENT_CLOSED_STATUS;
    long total = nanoClock.getAsLong() - startNanos;
    long bytesIn = body == null ? 0 : body.bytesReceived();
    String method = request.method().name();
    if (exchange == null) {
      String id = requestId != null ? requestId : RequestIds.generate();
      return new RequestRecord(id, RequestRecord.NONE, method, path(), status, outcome, total, -1, bytesIn,
          response.bytesWritten(), peer(), null, null, null, null, null, null);
    }
    Long upstream = exchange.get(Observations.UPSTREAM_NANOS);
    Principal principal = exchange.get(Principal.KEY);
    ApiVersion version = exchange.get(ApiVersion.KEY);
    Observations.AuthResult auth = exchange.get(Observations.AUTH_RESULT);
    String authKind = auth != null ? auth.kind() : principal == null ? null : kindOf(principal);
    String authResult = auth != null ? auth.result() : principal == null ? null : Observations.AuthResult.OK;
    return new RequestRecord(exchange.requestId(), routeId(), method, exchange.request().path(), status, outcome, total,
        upstream == null ? -1 : upstream, bytesIn, response.bytesWritten(), exchange.clientAddress(),
        principal == null ? null : principal.id(), version == null ? null : Integer.toString(version.number()),
        exchange.get(Observations.CACHE_RESULT), rateLimitResult(exchange.get(RateLimitDecision.KEY)),
        authKind, authResult);
  }

  private String routeId() {
    if (exchange.route() != null) {
      return exchange.route().route().id();
    }
    return exchange.get(Observations.BLOCKED) != null ? RequestRecord.BLOCKED : RequestRecord.UNMATCHED;
  }

  private String path() {
    String path = request.path();
    return path == null ? "" : path;
  }

  private String peer() {
    return request.remoteAddress() == null || request.remoteAddress().hostAddress() == null
        ? "unknown" : request.remoteAddress().hostAddress();
  }

  private static String kindOf(Principal principal) {
    return switch (principal.kind()) {
      case BASIC -> Observations.AuthResult.BASIC;
      case USER_TOKEN, CLIENT_TOKEN -> Observations.AuthResult.BEARER;
    };
  }

  private static String rateLimitResult(RateLimitDecision decision) {
    if (decision == null) {
      return null;
    }
    if (!decision.enforced()) {
      return "store_unavailable";
    }
    return decision.allowed() ? "allowed" : "limited";
  }
}
