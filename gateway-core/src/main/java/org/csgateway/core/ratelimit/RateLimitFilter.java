package org.csgateway.core.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.lang.System.Logger.Level;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Answers;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * Client-facing rate limits. The FIRST policy (in configuration order) whose routes select the request applies, so
 * specific policies go before general ones; a request no policy selects passes untouched. The caller's key is
 * hashed, the route's cost drawn from the store, and then either the request proceeds and its answer carries
 * {@code RateLimit-Policy} and {@code RateLimit}, or it is refused with 429, both fields, {@code Retry-After} and an
 * errors body. Cache hits stand after this stage, so they count against the caller's limit.
 */
public final class RateLimitFilter implements GatewayFilter {
  private static final System.Logger LOG = System.getLogger(RateLimitFilter.class.getName());

  private final List<RateLimitPolicy> policies;
  /** Each policy's {@code RateLimit-Policy} value, which never changes: built once, not per answer. */
  private final Map<RateLimitPolicy, String> policyFields;
  private final RateLimitStore store;
  private final RateLimitKeys keys = new RateLimitKeys();
  private final ErrorResponder errors;
  private final RateLimitListener listener;

  /**
   * @param policies the policies in order of precedence ({@code rateLimit.policies}); names must be unique
   * @param store where allowances live (local or Redis)
   * @param errors writes the 429 body
   * @param listener metrics hooks
   */
  public RateLimitFilter(List<RateLimitPolicy> policies, RateLimitStore store, ErrorResponder errors,
      RateLimitListener listener) {
    this.policies = List.copyOf(policies);
    this.policyFields = new IdentityHashMap<>();
    this.policies.forEach(policy -> policyFields.put(policy, RateLimitHeaders.policy(policy)));
    this.store = Objects.requireNonNull(store, "store");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (this.policies.stream().map(RateLimitPolicy::name).distinct().count() != this.policies.size()) {
      throw new IllegalArgumentException("policy names must be unique, were " + this.policies.stream()
          .map(RateLimitPolicy::name).toList());
    }
  }

  @Override
  public String id() {
    return "rate-limit";
  }

  @Override
  public Stage stage() {
    return Stage.RATE_LIMIT;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    RateLimitPolicy policy = select(exchange);
    if (policy == null) {
      return chain.proceed(exchange);
    }
    String key = keys.hash(policy.key().identity(exchange));
    int cost = policy.costOf(exchange.route() == null ? null : exchange.route().route());
    Future<RateLimitDecision> decided = store.acquire(key, policy, cost);
    if (decided.succeeded()) {
      return proceed(exchange, chain, policy, decided.result()); // the local store decides at once
    }
    return decided.compose(decision -> proceed(exchange, chain, policy, decision), failure -> {
      listener.onUndecided(policy);
      return errors.recover(failure);
    });
  }

  private Future<GatewayResponse> proceed(Exchange exchange, FilterChain chain, RateLimitPolicy policy,
      RateLimitDecision decision) {
    listener.onDecision(policy, decision);
    exchange.put(RateLimitDecision.KEY, decision);
    if (!decision.allowed()) {
      return Future.succeededFuture(refusal(exchange, policy, decision));
    }
    String policyField = policyFields.get(policy);
    return Answers.map(chain.proceed(exchange), response -> {
      RateLimitHeaders.apply(response.headers(), policyField, policy, decision);
      return response;
    });
  }

  /** The policy for this request, or null when none selects it. */
  RateLimitPolicy select(Exchange exchange) {
    for (RateLimitPolicy policy : policies) {
      if (policy.routes().matches(exchange.request().method(), exchange.route())) {
        return policy;
      }
    }
    return null;
  }

  private GatewayResponse refusal(Exchange exchange, RateLimitPolicy policy, RateLimitDecision decision) {
    LOG.log(Level.DEBUG, "Request {0} on {1} refused by rate-limit policy {2}; retry in {3}s",
        exchange.requestId(), exchange.routeId(), policy.name(), decision.retryAfterSeconds());
    MultiMap headers = HttpHeaders.headers();
    RateLimitHeaders.apply(headers, policyFields.get(policy), policy, decision);
    return errors.response(429, headers, List.of("Rate limit exceeded; retry in "
        + decision.retryAfterSeconds() + " seconds"));
  }
}
