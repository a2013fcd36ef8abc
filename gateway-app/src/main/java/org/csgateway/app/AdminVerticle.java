package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Objects;
import org.csgateway.app.config.AdminConfig;

/**
 * The admin listener, apart from the proxy port: {@code GET /health/live} answers 200 while the process runs, and
 * {@code GET /health/ready} answers 200 when the gateway is {@link Readiness ready} and 503 otherwise, both with a
 * small JSON status. Metrics and admin actions are added here later.
 */
public final class AdminVerticle extends VerticleBase {
  private final AdminConfig config;
  private final Readiness readiness;
  private HttpServer server;

  public AdminVerticle(AdminConfig config, Readiness readiness) {
    this.config = Objects.requireNonNull(config, "config");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(status(true)));
    router.get("/health/ready").handler(ctx -> {
      boolean ready = readiness.isReady();
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(status(ready));
    });
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.port(), config.host())
        .onSuccess(s -> server = s);
  }

  /** The port the admin listener bound (useful when configured as 0). */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  private static JsonObject status(boolean up) {
    return new JsonObject().put("status", up ? "UP" : "DOWN");
  }
}
