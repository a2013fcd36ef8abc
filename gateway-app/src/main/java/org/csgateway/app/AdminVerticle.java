package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.csgateway.app.config.AdminConfig;
import org.csgateway.app.metrics.GatewayMetrics;
import org.csgateway.app.metrics.MetricsEndpoint;
import org.csgateway.app.lifecycle.ReloadResult;
import org.csgateway.auth.AuthModule;
import org.csgateway.core.routing.RouteTable;

/**
 * The admin listener, apart from the proxy port and bound to loopback by default, with no authentication of its
 * own (operators must not expose it): {@code GET /health/live} answers 200 while the process runs,
 * {@code GET /health/ready} 200 when the gateway is {@link Readiness ready} and 503 otherwise (the body lists each
 * check: {@code {"status":"UP","checks":{"accepting":"UP",...}}}); {@code POST /config/reload}
 * ({@link ConfigAdminEndpoints}); the authentication
 * memory's endpoints ({@link AuthAdminEndpoints}, under {@code /auth}) and the response cache's
 * ({@link CacheAdminEndpoints}, under {@code /cache}). Answers are JSON; errors have the {@code {"errors":[...]}}
 * shape.
 */
public final class AdminVerticle extends VerticleBase {
  private final AdminConfig config;
  private final Readiness readiness;
  private final Supplier<SharedComponents> components;
  private final Supplier<RouteTable> routes;
  private final Supplier<Future<ReloadResult>> reload;
  private HttpServer server;
  private GatewayMetrics metrics;

  /** @param routes the route table, to refuse a purge of a route that does not exist */
  public AdminVerticle(AdminConfig config, Readiness readiness, SharedComponents components, RouteTable routes) {
    this(config, readiness, () -> components, () -> routes, () -> Future.succeededFuture(new ReloadResult(
        false, false, "", List.of("this gateway was started without a configuration file to reload"))));
  }

  /**
   * @param components the shared parts in force (a reload may replace them)
   * @param routes the route table in force
   * @param reload reloads the configuration file
   */
  public AdminVerticle(AdminConfig config, Readiness readiness, Supplier<SharedComponents> components,
      Supplier<RouteTable> routes, Supplier<Future<ReloadResult>> reload) {
    this.config = Objects.requireNonNull(config, "config");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.components = Objects.requireNonNull(components, "components");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.reload = Objects.requireNonNull(reload, "reload");
  }

  @Override
  public Future<?> start() {
    AdminReplies replies = new AdminReplies(vertx);
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(status(true)));
    router.get("/health/ready").handler(ctx -> {
      Map<String, Boolean> now = readiness.checks(); // one snapshot: the status, code and checks must agree
      boolean ready = !now.containsValue(false);
      ctx.response().setStatusCode(ready ? 200 : 503);
      JsonObject checks = new JsonObject();
      now.forEach((name, passes) -> checks.put(name, passes ? "UP" : "DOWN"));
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(status(ready).put("checks", checks));
    });
    new ConfigAdminEndpoints(reload, replies).mount(router);
    new AuthAdminEndpoints(() -> components.get().auth().map(AuthModule::admin), replies).mount(router);
    new CacheAdminEndpoints(components, routes, replies).mount(router);
    if (metrics != null) {
      new MetricsEndpoint(metrics).mount(router);
    }
    router.errorHandler(404, ctx -> replies.error(ctx, 404, "No admin endpoint at " + ctx.request().path()));
    router.errorHandler(405, ctx -> replies.error(ctx, 405, "Method not allowed on " + ctx.request().path()));
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.port(), config.host())
        .onSuccess(s -> server = s);
  }

  /** Serves {@code GET /metrics} from these metrics; call before deploying. */
  public AdminVerticle serveMetrics(GatewayMetrics gatewayMetrics) {
    this.metrics = Objects.requireNonNull(gatewayMetrics, "gatewayMetrics");
    return this;
  }

  /** The port the admin listener bound (useful when configured as 0). */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  private static JsonObject status(boolean up) {
    return new JsonObject().put("status", up ? "UP" : "DOWN");
  }
}
