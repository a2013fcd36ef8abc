package org.csgateway.app;

import io.vertx.core.http.HttpClient;
import java.util.Objects;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.forward.ForwardFilter;
import org.csgateway.core.forward.LinkRewriteFilter;
import org.csgateway.core.forward.RetryBudget;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.routing.RouteFilter;

/**
 * The only place filters are constructed. Built once per application from the configuration, it holds what every
 * event loop shares (the route table inside the routing config, the retry budgets, the forwarding rules, the error
 * responder) and makes one pipeline per verticle around that verticle's own upstream client. A feature that is
 * switched off is a filter this factory does not add.
 */
public final class PipelineFactory {
  private final GatewayConfig config;
  private final ErrorResponder errors = new ErrorResponder();
  private final ForwardedHeaders forwarded;
  private final RetryBudget retryBudget;

  public PipelineFactory(GatewayConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.forwarded = new ForwardedHeaders(config.server().forwarded(), config.server().publicBaseUrl());
    this.retryBudget = new RetryBudget(config.upstream().retry(), System::nanoTime);
  }

  /** The request path, in stage order: route, link rewriting, forwarding. */
  public Pipeline create(HttpClient upstreamClient) {
    return Pipeline.builder()
        .add(new RouteFilter(config.routes()))
        .add(new LinkRewriteFilter(forwarded))
        .add(new ForwardFilter(upstreamClient, config.upstream(), forwarded, retryBudget))
        .recoveringWith(errors::recover)
        .build();
  }

  public ErrorResponder errors() {
    return errors;
  }

  public ForwardedHeaders forwarded() {
    return forwarded;
  }
}
