package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Objects;
import org.csgateway.app.config.ServerConfig;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.server.GatewayRequestHandler;
import org.csgateway.core.server.InvalidRequestHandler;
import org.csgateway.core.server.ServerLimits;

/**
 * One event loop of the proxy: an HTTP server with the configured limits whose requests run through a pipeline
 * made by the shared {@link PipelineFactory}, with its own keep-alive client to the upstream (so connections are
 * never shared across event loops). Several instances share the listening port, as Vert.x shares servers. A
 * configuration reload hands it a new factory ({@link #usePipelines}); the pipeline is swapped with one volatile
 * write and each request reads it once, so a request runs through one configuration only.
 */
public final class GatewayVerticle extends VerticleBase {
  private final ServerConfig server;
  private final int port;
  private final UpstreamConfig upstream;
  private final PipelineFactory pipelines;
  private volatile Pipeline pipeline;
  private HttpClient client;
  private HttpServer httpServer;

  /**
   * @param port the port to bind: the configured one, or for a configured 0 a negative number that makes Vert.x
   *     bind one free port shared by every instance
   */
  public GatewayVerticle(ServerConfig server, int port, UpstreamConfig upstream, PipelineFactory pipelines) {
    this.server = Objects.requireNonNull(server, "server");
    this.port = port;
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(upstream.httpClientOptions(), upstream.poolOptions());
    pipeline = pipelines.create(client);
    ServerLimits limits = server.limits();
    HttpServerOptions options = limits.applyTo(new HttpServerOptions().setHost(server.host()).setPort(port));
    return vertx.createHttpServer(options)
        .invalidRequestHandler(new InvalidRequestHandler(pipelines.errors(), limits))
        .requestHandler(new GatewayRequestHandler(
            vertx, () -> pipeline, limits, pipelines.forwarded(), pipelines.errors(), System::nanoTime))
        .listen()
        .onSuccess(s -> httpServer = s);
  }

  @Override
  public Future<?> stop() {
    Future<Void> serverClosed = httpServer == null ? Future.succeededFuture() : httpServer.close();
    return serverClosed.eventually(() -> client == null ? Future.succeededFuture() : client.close());
  }

  /**
   * Builds this instance's pipeline from a reloaded configuration's factory (around this instance's own upstream
   * client) and swaps it in; requests already running keep the pipeline they started with.
   */
  public void usePipelines(PipelineFactory reloaded) {
    pipeline = reloaded.create(client);
  }

  /** The port this instance's server bound. */
  public int port() {
    return httpServer == null ? -1 : httpServer.actualPort();
  }
}
