package org.csgateway.auth.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayRequest;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.RouteLookup;
import org.csgateway.core.routing.RouteTable;

/**
 * A minimal gateway for the auth tests: a real HttpServer that matches routes, runs a pipeline of the filters under
 * test and ends in a forward filter that sends the request (body streamed from {@code Exchange.upstreamBody()}) to
 * the fake upstream. The principal the filters established is echoed in {@code X-Test-Principal}.
 */
public final class TestGateway {
  public static final String PRINCIPAL_HEADER = "X-Test-Principal";

  private final Vertx vertx;
  private final RouteTable routes;
  private final Pipeline pipeline;
  private final HttpClient upstream;
  private final int upstreamPort;
  private final ErrorResponder errors = new ErrorResponder();
  private final AtomicInteger received = new AtomicInteger();
  private volatile int awaitedCount;
  private volatile Promise<Void> awaited;
  private HttpServer server;

  public TestGateway(Vertx vertx, RouteTable routes, List<GatewayFilter> filters, int upstreamPort) {
    this.vertx = vertx;
    this.routes = routes;
    this.upstreamPort = upstreamPort;
    this.upstream = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(128));
    Pipeline.Builder builder = Pipeline.builder().recoveringWith(errors::recover);
    filters.forEach(builder::add);
    this.pipeline = builder.add(new Forward()).build();
  }

  public Future<TestGateway> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0).map(s -> {
      server = s;
      return this;
    });
  }

  public int port() {
    return server.actualPort();
  }

  /** Completes once this many requests have entered the pipeline (each runs up to its first wait at once). */
  public Future<Void> received(int count) {
    Promise<Void> promise = Promise.promise();
    awaitedCount = count;
    awaited = promise;
    if (received.get() >= count) {
      promise.tryComplete();
    }
    return promise.future();
  }

  private void handle(HttpServerRequest request) {
    request.pause();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean hasBody = (length != null && !length.equals("0")) || request.headers().contains("Transfer-Encoding");
    GatewayRequest gatewayRequest = new GatewayRequest(request.method(), request.path(), request.query(),
        request.headers(), "http", null, request.remoteAddress().hostAddress(), hasBody ? request : null);
    Exchange exchange = new Exchange(gatewayRequest, "req-" + received.get(), "127.0.0.1", System.nanoTime());
    if (routes.lookup(request.method(), request.path()) instanceof RouteLookup.Found found) {
      exchange.route(found.match());
    }
    pipeline.handle(exchange).onComplete(result -> {
      GatewayResponse response = result.succeeded() ? result.result() : errors.response(result.cause());
      write(request.response(), response);
    });
    if (received.incrementAndGet() >= awaitedCount && awaited != null) {
      awaited.tryComplete();
    }
  }

  private static void write(HttpServerResponse response, GatewayResponse answer) {
    response.setStatusCode(answer.status());
    answer.headers().forEach(h -> {
      if (!Set.of("content-length", "transfer-encoding", "connection").contains(h.getKey().toLowerCase())) {
        response.headers().add(h.getKey(), h.getValue());
      }
    });
    if (answer.body() != null) {
      response.end(answer.body());
    } else {
      response.end();
    }
  }

  /** Sends the exchange upstream and buffers the answer; echoes the principal for the tests to see. */
  private final class Forward implements GatewayFilter {
    @Override
    public String id() {
      return "test-forward";
    }

    @Override
    public Stage stage() {
      return Stage.FORWARD;
    }

    @Override
    public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
      String query = exchange.upstreamQuery();
      RequestOptions options = new RequestOptions().setHost("localhost").setPort(upstreamPort)
          .setMethod(exchange.request().method())
          .setURI(exchange.upstreamPath() + (query == null ? "" : "?" + query));
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(exchange.upstreamHeaders());
      headers.remove(HttpHeaders.HOST);
      headers.remove(HttpHeaders.CONNECTION);
      options.setHeaders(headers);
      return upstream.request(options).compose(request -> send(request, exchange)).compose(response ->
          response.body().map(body -> {
            MultiMap answerHeaders = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
            Principal principal = exchange.get(Principal.KEY);
            if (principal != null) {
              answerHeaders.set(PRINCIPAL_HEADER, principal.id() + " " + principal.kind());
            }
            return GatewayResponse.of(response.statusCode(), answerHeaders, body);
          }));
    }

    private Future<io.vertx.core.http.HttpClientResponse> send(HttpClientRequest request, Exchange exchange) {
      return exchange.upstreamBody() == null ? request.send() : request.send(exchange.upstreamBody());
    }
  }
}
