package org.csgateway.cache;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayRequest;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteLookup;
import org.csgateway.core.routing.RouteTable;
import org.csgateway.core.routing.ScopeMatch;

/**
 * A gateway in miniature on port 0: route lookup, {@link HeaderAuthentication}, the {@link ResponseCacheFilter}
 * under test and {@link PlainForward}. Its writer streams bodies and resets the client's connection when a body
 * fails midway, as the real one must.
 */
final class TestGateway {
  static final Duration TTL = Duration.ofSeconds(60);
  static final Set<String> CACHED_FAMILIES =
      Set.of("projects", "images", "big", "locations", "domains", "zones", "orders", "subscriptions");
  static final RouteTable ROUTES = RouteTable.of(List.of(
      collection("/api/projects", true),
      collection("/api/projects/{project_id}/volumes", true),
      collection("/api/images", true),
      collection("/api/big", false),
      collection("/api/locations", true),
      collection("/api/domains", true),
      collection("/api/zones", true),
      collection("/api/orders", true),
      collection("/api/subscriptions", true),
      collection("/api/products", false),
      write(HttpMethod.POST, "/api/projects"),
      write(HttpMethod.PATCH, "/api/projects/{id}"),
      write(HttpMethod.POST, "/api/zones")));

  final ResponseCache cache;
  final CacheInvalidator invalidator;
  private final Vertx vertx;
  private final Pipeline pipeline;
  private final AtomicInteger received = new AtomicInteger();
  private volatile int awaited = -1;
  private volatile Runnable onAwaited = () -> {};
  private HttpServer server;

  TestGateway(Vertx vertx, int upstreamPort, ResponseCache cache, EvictionBus bus) {
    this.vertx = vertx;
    this.cache = cache;
    this.invalidator = new CacheInvalidator(cache, bus);
    HttpClient upstream = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(200));
    ErrorResponder errors = new ErrorResponder();
    this.pipeline = Pipeline.builder()
        .add(new HeaderAuthentication())
        .add(new ResponseCacheFilter(cache, invalidator, exchange -> "80.json"))
        .add(new PlainForward(upstream, upstreamPort))
        .recoveringWith(errors::recover)
        .build();
  }

  /** The policy of these tests: every test family cached for {@link #TTL}, /api/products not at all. */
  static CachePolicy policy() {
    Map<String, Duration> families = new HashMap<>();
    CACHED_FAMILIES.forEach(f -> families.put(f, TTL));
    return CachePolicy.forFamilies(families);
  }

  int start() {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0).await();
    return server.actualPort();
  }

  /** Runs {@code action} once {@code count} more requests have entered the pipeline (and reached the cache stage). */
  void whenReceived(int count, Runnable action) {
    onAwaited = action;
    awaited = received.get() + count;
  }

  private void handle(HttpServerRequest request) {
    request.pause();
    GatewayRequest snapshot = new GatewayRequest(request.method(), request.path(), request.query(),
        request.headers(), "http", request.authority() == null ? null : request.authority().toString(),
        request.remoteAddress().hostAddress(), request);
    Exchange exchange = new Exchange(snapshot, "test", "127.0.0.1", System.nanoTime());
    if (ROUTES.lookup(request.method(), request.path()) instanceof RouteLookup.Found found) {
      exchange.route(found.match());
    }
    pipeline.handle(exchange).onComplete(done -> {
      // An answer that did not read the request body (a hit, a GET) must not leave the connection paused.
      request.resume();
      if (done.succeeded()) {
        write(done.result(), request.response());
      } else {
        request.response().setStatusCode(500).end();
      }
    });
    if (received.incrementAndGet() == awaited) {
      onAwaited.run();
    }
  }

  private static void write(GatewayResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.status());
    response.headers().addAll(answer.headers());
    if (!answer.isStreaming()) {
      if (answer.body() == null) {
        response.end();
      } else {
        response.end(answer.body());
      }
      return;
    }
    if (!answer.headers().contains("Content-Length")) {
      response.setChunked(true);
    }
    answer.stream().pipe().endOnFailure(false).to(response).onFailure(failure -> response.reset());
  }

  private static Route collection(String template, boolean paginated) {
    return new Route(HttpMethod.GET, template, AuthMode.SCOPED, Set.of("projects_read"), ScopeMatch.ANY, true,
        paginated);
  }

  private static Route write(HttpMethod method, String template) {
    return new Route(method, template, AuthMode.SCOPED, Set.of("projects_write"), ScopeMatch.ANY, false, false);
  }
}
