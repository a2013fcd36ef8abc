package org.csgateway.app.sandbox;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One event loop's HTTP server of a sandbox; several share the port and the {@link SandboxState}. */
final class SandboxVerticle extends VerticleBase {
  private final SandboxState state;
  private final String host;
  private final int listenPort;
  private HttpServer server;

  SandboxVerticle(SandboxState state, String host, int listenPort) {
    this.state = state;
    this.host = host;
    this.listenPort = listenPort;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(listenPort)
        .setTcpNoDelay(true)
        .setCompressionSupported(false);
    server = vertx.createHttpServer(options).requestHandler(new SandboxRouter(state).create(vertx));
    return server.listen();
  }

  /** The port the server is bound to. */
  int port() {
    return server.actualPort();
  }
}
