package org.csgateway.app;

import io.vertx.core.http.HttpClient;
import java.util.Objects;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.auth.AuthModule;
import org.csgateway.cache.ResponseCacheFilter;
import org.csgateway.cache.VersionKey;
import org.csgateway.core.contract.CorsFilter;
import org.csgateway.core.contract.ErrorShapeNormalizationFilter;
import org.csgateway.core.contract.PaginationNormalizationFilter;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.forward.ForwardFilter;
import org.csgateway.core.forward.LinkRewriteFilter;
import org.csgateway.core.forward.RetryBudget;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.protect.UpstreamGuardFilter;
import org.csgateway.core.ratelimit.RateLimitFilter;
import org.csgateway.core.routing.RouteFilter;
import org.csgateway.core.version.ApiVersion;
import org.csgateway.core.version.VersionNormalizationFilter;

/**
 * The only place filters are constructed. Built once per application from the configuration and the
 * {@link SharedComponents}, it holds what every event loop shares (the route table inside the routing config, the
 * retry budgets, the forwarding rules, the error responder, the caches and limiters) and makes one pipeline per
 * verticle around that verticle's own upstream client. A feature that is switched off is a filter this factory
 * does not add. A configuration reload makes a successor with {@link #reconfigured}, which keeps the retry budget
 * while its settings are unchanged.
 */
public final class PipelineFactory {
  /** The cache keys on the version stage's normalized version and format ("80.json"); none means no caching. */
  static final VersionKey VERSION_KEY = exchange -> exchange.find(ApiVersion.KEY).map(ApiVersion::label).orElse(null);

  private final GatewayConfig config;
  private final SharedComponents shared;
  private final ErrorResponder errors = new ErrorResponder();
  private final ForwardedHeaders forwarded;
  private final RetryBudget retryBudget;

  /**
   * @param config the configuration as started (the sandbox's upstream URL filled in)
   * @param shared the parts every pipeline shares, built from the same configuration
   * @param clocks the nano clock of the retry budget
   */
  public PipelineFactory(GatewayConfig config, SharedComponents shared, Clocks clocks) {
    this(config, shared, new ForwardedHeaders(config.server().forwarded(), config.server().publicBaseUrl()),
        new RetryBudget(config.upstream().retry(), clocks.nanos()));
  }

  private PipelineFactory(GatewayConfig config, SharedComponents shared, ForwardedHeaders forwarded,
      RetryBudget retryBudget) {
    this.config = Objects.requireNonNull(config, "config");
    this.shared = Objects.requireNonNull(shared, "shared");
    this.forwarded = forwarded;
    this.retryBudget = retryBudget;
  }

  /**
   * The factory of a reloaded configuration. The forwarding rules stay (the server section cannot change without a
   * restart); the retry budget stays while {@code upstream.retry} is unchanged.
   *
   * @param next the reloaded configuration (the sandbox's upstream URL filled in)
   * @param nextShared the shared parts made for it by {@link SharedComponents#reconfigured}
   */
  public PipelineFactory reconfigured(GatewayConfig next, SharedComponents nextShared, Clocks clocks) {
    RetryBudget budget = next.upstream().retry().equals(config.upstream().retry()) ? retryBudget
        : new RetryBudget(next.upstream().retry(), clocks.nanos());
    return new PipelineFactory(next, nextShared, forwarded, budget);
  }

  /**
   * The request path, in stage order: CORS (EDGE), route (ROUTE), version and pagination (NORMALIZE), authentication
   * and revocation (AUTHENTICATE), scopes (AUTHORIZE), rate limit (RATE_LIMIT), response cache (CACHE), error shape
   * and link rewriting (TRANSFORM), upstream guard (UPSTREAM_GUARD), forwarding (FORWARD); each only when enabled.
   */
  public Pipeline create(HttpClient upstreamClient) {
    Pipeline.Builder pipeline = Pipeline.builder();
    config.cors().policy().ifPresent(policy -> pipeline.add(new CorsFilter(policy, errors)));
    pipeline.add(new RouteFilter(config.routes()));
    if (config.versions().enabled()) {
      pipeline.add(new VersionNormalizationFilter(shared.versions(), errors));
    }
    if (config.pagination().enabled()) {
      pipeline.add(new PaginationNormalizationFilter(config.pagination().policy(), errors));
    }
    shared.auth().ifPresent(auth -> addAuth(pipeline, auth));
    if (config.rateLimit().limitsRequests()) {
      pipeline.add(new RateLimitFilter(config.rateLimit().config().policies(), shared.rateLimitStore().orElseThrow(),
          errors, shared.observability().rateLimitListener()));
    }
    shared.cache().ifPresent(cache ->
        pipeline.add(new ResponseCacheFilter(cache, shared.cacheInvalidator().orElseThrow(), VERSION_KEY)));
    if (config.errors().normalize()) {
      pipeline.add(new ErrorShapeNormalizationFilter(config.errors(), errors));
    }
    pipeline.add(new LinkRewriteFilter(forwarded));
    shared.upstreamLimiter().ifPresent(limiter -> pipeline.add(new UpstreamGuardFilter(limiter, errors)));
    return pipeline
        .add(new ForwardFilter(upstreamClient, config.upstream(), forwarded, retryBudget,
            shared.observability().forwardListener(), System::nanoTime))
        .recoveringWith(errors::recover)
        .build();
  }

  private static void addAuth(Pipeline.Builder pipeline, AuthModule auth) {
    pipeline.add(auth.authenticationFilter())
        .add(auth.revocationFilter())
        .add(auth.authorizationFilter());
  }

  /** Told about every request the proxy servers receive (metrics, access log). */
  public RequestObserver observer() {
    return shared.observability().requestObserver();
  }

  public ErrorResponder errors() {
    return errors;
  }

  public ForwardedHeaders forwarded() {
    return forwarded;
  }
}
