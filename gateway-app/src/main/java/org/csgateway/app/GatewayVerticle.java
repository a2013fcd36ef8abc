package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.csgateway.app.config.ServerConfig;
import org.csgateway.app.lifecycle.Drainable;
import org.csgateway.app.tls.ServerProtocols;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.server.EdgeConnections;
import org.csgateway.core.server.GatewayRequestHandler;
import org.csgateway.core.server.ServerLimits;

/**
 * One event loop of the proxy: an HTTP server with the configured limits whose requests run through a pipeline
 * made by the shared {@link PipelineFactory}, with its own keep-alive client to the upstream (so connections are
 * never shared across event loops). Several instances share the listening port, as Vert.x shares servers. A
 * configuration reload builds this instance's pipeline ({@link #pipelineFrom}) and swaps it in ({@link #use}) with
 * one volatile write; each request reads it once, so a request runs through one configuration only. On shutdown
 * it first {@link #drain drains} (HTTP/1.x answers carry {@code Connection: close}), then
 * {@link #stopAccepting stops accepting} (HTTP/2 connections get a GOAWAY) and lets requests in flight finish.
 */
public final class GatewayVerticle extends VerticleBase implements Drainable {
  private final ServerConfig server;
  private final int port;
  private final UpstreamConfig upstream;
  private final PipelineFactory pipelines;
  private volatile Pipeline pipeline;
  private volatile boolean draining;
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
    HttpServerOptions options = limits.applyTo(new HttpServerOptions().setHost(server.host()).setPort(port))
        // The gateway upgrades no connection to a WebSocket; without these, every connection would carry a
        // WebSocket extension handler that looks at each request and each response on their way.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    ServerProtocols.applyTo(options, server.http2(), server.h2c(), server.tls());
    HttpServer proxy = vertx.createHttpServer(options);
    if (EdgeConnections.applies(options)) {
      proxy.connectionHandler(new EdgeConnections(options, limits, pipelines.errors(), pipelines.observer()));
    }
    GatewayRequestHandler requests = new GatewayRequestHandler(
        vertx, () -> pipeline, limits, pipelines.forwarded(), pipelines.errors(), System::nanoTime,
        pipelines.observer());
    return proxy
        .invalidRequestHandler(requests.invalidRequests())
        .requestHandler(closingWhileDraining(requests))
        .listen()
        .onSuccess(s -> httpServer = s);
  }

  @Override
  public Future<?> stop() {
    Future<Void> serverClosed = httpServer == null ? Future.succeededFuture() : httpServer.close();
    return serverClosed.eventually(() -> client == null ? Future.succeededFuture() : client.close());
  }

  /**
   * While draining, an HTTP/1.x answer tells its client to close the connection, so keep-alive clients move to
   * another instance before this one stops accepting. HTTP/2 clients get a GOAWAY when it stops accepting.
   */
  private Handler<HttpServerRequest> closingWhileDraining(Handler<HttpServerRequest> handler) {
    return request -> {
      if (draining && request.version() != HttpVersion.HTTP_2) {
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
      handler.handle(request);
    };
  }

  /** This instance's pipeline for a reloaded configuration's factory, around this instance's upstream client. */
  public Pipeline pipelineFrom(PipelineFactory reloaded) {
    return reloaded.create(client);
  }

  /** Swaps the pipeline in; requests already running keep the pipeline they started with. */
  public void use(Pipeline reloaded) {
    pipeline = Objects.requireNonNull(reloaded, "reloaded");
  }

  /** From now on HTTP/1.x answers close their connection; new connections are still accepted. */
  @Override
  public void drain() {
    draining = true;
  }

  /**
   * Stops accepting connections and shuts the open ones down gracefully: idle ones close, HTTP/2 ones get a GOAWAY,
   * requests in flight may finish within the timeout, after which what is left is closed.
   *
   * @return completes when every connection is closed
   */
  @Override
  public Future<Void> stopAccepting(Duration timeout) {
    draining = true;
    return httpServer == null ? Future.succeededFuture()
        : httpServer.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** This instance's server once listening, else null (a certificate reload updates it). */
  public HttpServer httpServer() {
    return httpServer;
  }

  /** The port this instance's server bound. */
  public int port() {
    return httpServer == null ? -1 : httpServer.actualPort();
  }
}
