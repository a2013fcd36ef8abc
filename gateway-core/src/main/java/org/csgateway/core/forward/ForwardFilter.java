package org.csgateway.core.forward;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.http.HopByHopHeaders;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayRequest;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * The terminal stage: sends the exchange's upstream path, query and headers to the upstream (hop-by-hop headers
 * removed, forwarding headers and {@code Via} set, {@code Host} the upstream's unless configured to preserve the
 * client's), pipes the client's body with backpressure, and answers with the upstream's response as a paused stream,
 * never holding either body whole.
 *
 * <p>Failures become errors: upstream refused or closed before answering, 502; no connection or no answer in time,
 * 504; a failure of the client's body (over the size limit, too slow, cut off) as that failure says, 413 or 408.
 * Retries follow {@link RetryConfig}: a POST or PATCH is never sent twice.
 */
public final class ForwardFilter implements GatewayFilter {
  public static final String ID = "forward";

  private final HttpClient client;
  private final UpstreamConfig config;
  private final ForwardedHeaders forwarded;
  private final RetryBudget budget;
  private final ForwardListener listener;
  private final LongSupplier nanoClock;
  /** Made on the first request, on its event loop; see {@link #deadlines()}. */
  private ResponseDeadlines deadlines;

  /**
   * @param client an HTTP/1.1 client to the upstream, normally
   *     {@code vertx.createHttpClient(config.httpClientOptions(), config.poolOptions())}, one per event loop
   * @param config the upstream
   * @param forwarded how forwarding headers are written
   * @param budget the retry budget, which may be shared by every event loop
   */
  public ForwardFilter(HttpClient client, UpstreamConfig config, ForwardedHeaders forwarded, RetryBudget budget) {
    this(client, config, forwarded, budget, ForwardListener.NONE, System::nanoTime);
  }

  /**
   * @param listener told about retries and upstream failures; unless it is {@link ForwardListener#NONE}, the wait on
   *     the upstream (from the first attempt until the answer's head, or the failure) is left on the exchange under
   *     {@code Observations.UPSTREAM_NANOS}
   * @param nanoClock the clock of that wait, the same as the server's
   */
  public ForwardFilter(HttpClient client, UpstreamConfig config, ForwardedHeaders forwarded, RetryBudget budget,
      ForwardListener listener, LongSupplier nanoClock) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.forwarded = Objects.requireNonNull(forwarded, "forwarded");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Stage stage() {
    return Stage.FORWARD;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    if (exchange.request().method() == HttpMethod.CONNECT) {
      return Future.failedFuture(new GatewayException(405, "METHOD_NOT_ALLOWED", "CONNECT is not forwarded"));
    }
    return new UpstreamCall(client, options(exchange), exchange, config, forwarded, budget, listener, nanoClock,
        deadlines()).start();
  }

  /** The response deadlines of the event loop this filter serves: the one it first runs on. */
  private ResponseDeadlines deadlines() {
    ResponseDeadlines list = deadlines;
    if (list == null) {
      Context context = Vertx.currentContext();
      if (context == null) {
        return null;
      }
      // Real time, not nanoClock (which tests may fake): the list's Vert.x timer fires on real time.
      list = new ResponseDeadlines(context.owner(), config.responseTimeout().toMillis(), System::nanoTime);
      deadlines = list;
    }
    return list;
  }

  private RequestOptions options(Exchange exchange) {
    GatewayRequest request = exchange.request();
    MultiMap headers = HopByHopHeaders.strip(exchange.upstreamHeaders());
    forwarded.applyTo(request, headers);
    boolean clientHost = config.preserveHost() && request.authority() != null;
    headers.set(HttpHeaders.HOST, clientHost ? request.authority() : config.authority());
    String query = exchange.upstreamQuery();
    String uri = config.basePath() + exchange.upstreamPath() + (query == null ? "" : "?" + query);
    return new RequestOptions()
        .setMethod(request.method())
        .setHost(config.host())
        .setPort(config.port())
        .setSsl(config.ssl())
        .setURI(uri)
        .setHeaders(headers)
        .setFollowRedirects(false)
        .setConnectTimeout(config.connectTimeout().toMillis());
  }
}
