package org.csgateway.core.server;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.http.HeaderEntries;
import org.csgateway.core.http.HopByHopHeaders;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.observe.RequestRecord;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayRequest;
import org.csgateway.core.pipeline.Pipeline;

/**
 * The gateway's HTTP entry point: refuses requests beyond the {@link ServerLimits} (414, 431, 413, with
 * {@code Connection: close}), turns the rest into an {@link Exchange} (the body paused, the client address resolved
 * and the request id taken from a trusted proxy or generated, sent upstream and returned), runs the pipeline and
 * writes its answer. A fault in the pipeline is logged once and answered 500. One instance may serve every request
 * of a server; it keeps no per-request state of its own. The pipeline may come from a {@link Supplier} (a
 * configuration reload swaps it): it is read once per request, so each request runs through one pipeline from
 * start to end.
 */
public final class GatewayRequestHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = System.getLogger(GatewayRequestHandler.class.getName());

  private final Vertx vertx;
  private final Supplier<Pipeline> pipeline;
  private final ServerLimits limits;
  private final ForwardedHeaders forwarded;
  private final ErrorResponder errors;
  private final LongSupplier nanoClock;
  private final RequestObserver observer;
  private final Connections connections = new Connections();
  private final ResponseWriter writer = new ResponseWriter(connections);

  public GatewayRequestHandler(
      Vertx vertx, Pipeline pipeline, ServerLimits limits, ForwardedHeaders forwarded, ErrorResponder errors) {
    this(vertx, pipeline, limits, forwarded, errors, System::nanoTime);
  }

  /**
   * @param nanoClock the clock of {@link Exchange#startNanos()}
   */
  public GatewayRequestHandler(Vertx vertx, Pipeline pipeline, ServerLimits limits, ForwardedHeaders forwarded,
      ErrorResponder errors, LongSupplier nanoClock) {
    this(vertx, fixed(pipeline), limits, forwarded, errors, nanoClock);
  }

  /**
   * @param pipeline the pipeline in force, read once at the start of each request (it must never supply null)
   * @param nanoClock the clock of {@link Exchange#startNanos()}
   */
  public GatewayRequestHandler(Vertx vertx, Supplier<Pipeline> pipeline, ServerLimits limits,
      ForwardedHeaders forwarded, ErrorResponder errors, LongSupplier nanoClock) {
    this(vertx, pipeline, limits, forwarded, errors, nanoClock, RequestObserver.NONE);
  }

  /**
   * @param pipeline the pipeline in force, read once at the start of each request (it must never supply null)
   * @param nanoClock the clock of {@link Exchange#startNanos()} and of the durations observed
   * @param observer told once about every request when it ended, refusals and cut exchanges included
   */
  public GatewayRequestHandler(Vertx vertx, Supplier<Pipeline> pipeline, ServerLimits limits,
      ForwardedHeaders forwarded, ErrorResponder errors, LongSupplier nanoClock, RequestObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.forwarded = Objects.requireNonNull(forwarded, "forwarded");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  @Override
  public void handle(HttpServerRequest request) {
    handle(request, false, null);
  }

  /**
   * @param probed whether {@link Http2BodyProbe} found out if there is a body
   * @param firstChunk the body's first chunk when the probe read it; null when it found the request ended
   */
  private void handle(HttpServerRequest request, boolean probed, Buffer firstChunk) {
    if (connections.isClosing(request)) {
      request.connection().close(); // pipelined behind a request that was cut
      return;
    }
    if (!probed) {
      request.pause(); // a probed request is paused already, or ended (and then refuses to be paused)
    }
    if (!probed && Http2BodyProbe.isNeeded(request)) {
      long probeStart = nanoClock.getAsLong();
      Http2BodyProbe.probe(vertx, request, limits.requestTimeout().toMillis(), chunk -> handle(request, true, chunk),
          () -> {
            ObservedRequest observed = ObservedRequest.watch(observer, request, nanoClock, probeStart);
            if (observed != null) {
              observed.mark(RequestRecord.Outcome.TIMED_OUT);
            }
            refuse(request, GatewayException.requestTimeout());
          },
          () -> ObservedRequest.reportLeft(observer, request, nanoClock, probeStart));
      return;
    }
    long start = nanoClock.getAsLong();
    ObservedRequest observed = ObservedRequest.watch(observer, request, nanoClock, start);
    GatewayException refusal = checkLimits(request);
    if (refusal != null) {
      if (observed != null) {
        observed.mark(RequestRecord.Outcome.REFUSED);
      }
      refuse(request, refusal);
      return;
    }
    String peer = peerAddress(request);
    String requestId = RequestIds.idFor(request.getHeader(RequestIds.HEADER), forwarded.isTrusted(peer));
    RequestBody body = (probed ? firstChunk != null : hasBody(request))
        ? new RequestBody(request, limits.maxBodyBytes(), firstChunk) : null;
    if (body == null && !request.isEnded()) {
      request.resume(); // nothing to read but the end of the request
    }
    GatewayRequest gatewayRequest = new GatewayRequest(request.method(), request.path(), request.query(),
        request.headers(), request.scheme(), authority(request), peer, body);
    Exchange exchange =
        new Exchange(gatewayRequest, requestId, forwarded.clientAddress(peer, request.headers()), start);
    MultiMap upstream = HopByHopHeaders.strip(exchange.upstreamHeaders());
    upstream.remove(HttpHeaders.EXPECT); // answered here: the upstream must not wait for a second 100 Continue
    upstream.set(RequestIds.HEADER, requestId);
    if (observed != null) {
      observed.attach(exchange, body);
    }
    new InFlightRequest(vertx, request, exchange, body, errors, writer, connections)
        .observedBy(observed)
        .run(pipeline.get(), limits.requestTimeout().toMillis());
  }

  /**
   * The server's {@code invalidRequestHandler} to go with this handler: same errors, limits and observer, and the
   * same record of connections being closed, so a request pipelined behind an undecodable one is never served either.
   */
  public InvalidRequestHandler invalidRequests() {
    return new InvalidRequestHandler(errors, limits, observer, connections);
  }

  private static Supplier<Pipeline> fixed(Pipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    return () -> pipeline;
  }

  private GatewayException checkLimits(HttpServerRequest request) {
    if (request.uri().length() > limits.maxUriLength()) {
      return EdgeRefusals.uriTooLong(limits.maxUriLength());
    }
    if (headerBytes(request.headers()) > limits.maxHeaderBytes()) {
      return EdgeRefusals.headersTooLarge(limits.maxHeaderBytes());
    }
    GatewayException framing = RequestFraming.check(request);
    if (framing != null) {
      return framing;
    }
    String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (contentLength != null) {
      long length = parseLength(contentLength);
      if (length < 0) {
        return EdgeRefusals.invalidContentLength();
      }
      if (length > limits.maxBodyBytes()) {
        return GatewayException.payloadTooLarge(limits.maxBodyBytes());
      }
    }
    return null;
  }

  private void refuse(HttpServerRequest request, GatewayException refusal) {
    LOG.log(Level.DEBUG, () -> "Refused " + request.method() + " from " + peerAddress(request) + ": "
        + refusal.status() + " " + refusal.code());
    connections.announceClose(request); // whatever body follows is not going to be read
    errors.write(request.response(), refusal.status(), refusal.getMessage());
    connections.close(request);
  }

  /** The header section's size as sent: each header's name, value, ": " and line end. */
  static long headerBytes(MultiMap headers) {
    long total = 0;
    Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> entries = HeaderEntries.of(headers);
    while (entries.hasNext()) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> header = entries.next();
      total += header.getKey().length() + header.getValue().length() + 4;
    }
    return total;
  }

  private static boolean hasBody(HttpServerRequest request) {
    String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (contentLength != null) {
      return parseLength(contentLength) > 0;
    }
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    // HTTP/1.x without either has no body; an HTTP/2 stream has one unless it ended with its headers
    HttpVersion version = request.version();
    return version != HttpVersion.HTTP_1_0 && version != HttpVersion.HTTP_1_1 && !request.isEnded();
  }

  private static long parseLength(String value) {
    String digits = value.trim();
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }

  private static String peerAddress(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
  }

  private static String authority(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority == null) {
      return null;
    }
    String host = authority.host();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return authority.port() >= 0 ? host + ":" + authority.port() : host;
  }
}
