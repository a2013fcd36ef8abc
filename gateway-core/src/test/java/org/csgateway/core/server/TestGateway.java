package org.csgateway.core.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.forward.ForwardFilter;
import org.csgateway.core.forward.LinkRewriteFilter;
import org.csgateway.core.forward.RetryBudget;
import org.csgateway.core.forward.RetryConfig;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.Pipeline;

/**
 * A gateway for tests, wired as gateway-app wires it but with only the forward-path filters: an upstream server
 * (unless a URL is given) and the gateway server, both on port 0 of the loopback interface.
 */
public final class TestGateway {
  private final int port;
  private final int upstreamPort;
  private final URI upstreamUrl;

  private TestGateway(int port, int upstreamPort, URI upstreamUrl) {
    this.port = port;
    this.upstreamPort = upstreamPort;
    this.upstreamUrl = upstreamUrl;
  }

  public static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /** The gateway's port. */
  public int port() {
    return port;
  }

  /** The test upstream's port, or -1 when the gateway points at a given URL. */
  public int upstreamPort() {
    return upstreamPort;
  }

  public URI upstreamUrl() {
    return upstreamUrl;
  }

  /** Builds and starts a test gateway; every setting has a test-friendly default. */
  public static final class Builder {
    private final Vertx vertx;
    private final List<GatewayFilter> filters = new ArrayList<>();
    private Handler<HttpServerRequest> upstream = TestUpstreams.echo();
    private URI upstreamUrl;
    private ServerLimits limits = ServerLimits.defaults();
    private ForwardedConfig forwarded = ForwardedConfig.defaults();
    private URI publicBaseUrl;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration responseTimeout = Duration.ofSeconds(10);
    private boolean preserveHost;
    private int poolSize = 8;
    private RetryConfig retry = RetryConfig.defaults();
    private LongSupplier clock = System::nanoTime;
    private UnaryOperator<HttpClient> clientDecorator = client -> client;

    private Builder(Vertx vertx) {
      this.vertx = vertx;
    }

    public Builder upstream(Handler<HttpServerRequest> handler) {
      this.upstream = handler;
      return this;
    }

    /** Forwards to this URL instead of starting a test upstream. */
    public Builder upstreamUrl(URI url) {
      this.upstreamUrl = url;
      return this;
    }

    public Builder limits(ServerLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder forwarded(ForwardedConfig forwarded) {
      this.forwarded = forwarded;
      return this;
    }

    public Builder publicBaseUrl(URI url) {
      this.publicBaseUrl = url;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = timeout;
      return this;
    }

    public Builder preserveHost(boolean preserve) {
      this.preserveHost = preserve;
      return this;
    }

    public Builder poolSize(int size) {
      this.poolSize = size;
      return this;
    }

    public Builder retry(RetryConfig retry) {
      this.retry = retry;
      return this;
    }

    /** The nano clock of the retry budget. */
    public Builder clock(LongSupplier clock) {
      this.clock = clock;
      return this;
    }

    /** Wraps the upstream client, to observe what the forward stage asks of it. */
    public Builder decorateClient(UnaryOperator<HttpClient> decorator) {
      this.clientDecorator = decorator;
      return this;
    }

    /** Adds a filter before the forward path's own (stage EDGE to TRANSFORM). */
    public Builder filter(GatewayFilter filter) {
      filters.add(filter);
      return this;
    }

    public TestGateway start() {
      int upstreamPort = -1;
      URI url = upstreamUrl;
      if (url == null) {
        HttpServer server = vertx.createHttpServer().requestHandler(upstream).listen(0, "127.0.0.1").await();
        upstreamPort = server.actualPort();
        url = URI.create("http://127.0.0.1:" + upstreamPort);
      }
      UpstreamConfig config =
          new UpstreamConfig(url, poolSize, connectTimeout, responseTimeout, preserveHost, retry);
      HttpClient client =
          clientDecorator.apply(vertx.createHttpClient(config.httpClientOptions(), config.poolOptions()));
      ForwardedHeaders forwardedHeaders = new ForwardedHeaders(forwarded, publicBaseUrl);
      ErrorResponder errors = new ErrorResponder();
      Pipeline.Builder pipeline = Pipeline.builder();
      filters.forEach(pipeline::add);
      pipeline.add(new LinkRewriteFilter(forwardedHeaders))
          .add(new ForwardFilter(client, config, forwardedHeaders, new RetryBudget(retry, clock)))
          .recoveringWith(errors::recover);
      GatewayRequestHandler requests =
          new GatewayRequestHandler(vertx, pipeline.build(), limits, forwardedHeaders, errors);
      HttpServer gateway = vertx.createHttpServer(limits.applyTo(new HttpServerOptions()))
          .requestHandler(requests)
          .invalidRequestHandler(requests.invalidRequests())
          .listen(0, "127.0.0.1")
          .await();
      return new TestGateway(gateway.actualPort(), upstreamPort, url);
    }
  }
}
