package org.csgateway.cache;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteMatch;

/**
 * The per-caller response cache on the request path ({@link Stage#CACHE}, after authentication, scope checks and
 * rate limits, so a hit has passed all three and never reaches the upstream).
 *
 * <p>GET and HEAD on collection routes with a TTL are answered through the cache when the request carries a
 * principal and a known version ({@code X-Cache: HIT|MISS|REVALIDATED}); without either, or with
 * {@code Cache-Control: no-store}, they pass with {@code X-Cache: BYPASS}. Other requests pass untouched, but a
 * successful (2xx) POST, PUT, PATCH or DELETE evicts the writer's entries of the route's family (every page, page
 * size and nested collection; see {@link CachePolicy#familiesEvictedBy}) here and, through the
 * {@link CacheInvalidator}'s bus, on every instance. Writes by one caller that change what others see are bounded
 * by the TTL.
 */
public final class ResponseCacheFilter implements GatewayFilter {
  private static final System.Logger LOG = System.getLogger(ResponseCacheFilter.class.getName());
  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final CachePolicy policy;
  private final CacheInvalidator invalidator;
  private final VersionKey versionKey;
  private final ReadThrough reads;

  /**
   * @param cache the process-wide store (one per gateway process, shared by every event loop's pipeline)
   * @param invalidator evicts after writes, locally and on the other instances
   * @param versionKey names the request's API version and format (from the version stage's attribute)
   */
  public ResponseCacheFilter(ResponseCache cache, CacheInvalidator invalidator, VersionKey versionKey) {
    this.policy = Objects.requireNonNull(cache, "cache").config().policy();
    this.invalidator = Objects.requireNonNull(invalidator, "invalidator");
    this.versionKey = Objects.requireNonNull(versionKey, "versionKey");
    this.reads = new ReadThrough(cache);
  }

  @Override
  public String id() {
    return "response-cache";
  }

  @Override
  public Stage stage() {
    return Stage.CACHE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    HttpMethod method = exchange.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return read(exchange, chain);
    }
    if (WRITES.contains(method)) {
      return write(exchange, chain);
    }
    return chain.proceed(exchange);
  }

  private Future<GatewayResponse> read(Exchange exchange, FilterChain chain) {
    RouteMatch match = exchange.route();
    Duration ttl = match == null ? Duration.ZERO : policy.ttl(match.route());
    if (ttl.isZero()) {
      return chain.proceed(exchange);
    }
    Principal principal = exchange.get(Principal.KEY);
    String version = versionKey.of(exchange);
    if (principal == null || version == null || policy.requestForbidsCache(exchange.request().headers())) {
      return chain.proceed(exchange).map(response -> reads.tag(exchange, response, CacheStatus.BYPASS));
    }
    return reads.serve(CacheKey.of(principal, version, exchange), ttl, exchange, chain);
  }

  private Future<GatewayResponse> write(Exchange exchange, FilterChain chain) {
    Principal principal = exchange.get(Principal.KEY);
    if (principal == null) {
      return chain.proceed(exchange);
    }
    RouteMatch match = exchange.route();
    return chain.proceed(exchange).onSuccess(response -> {
      if (response.status() >= 200 && response.status() < 300) {
        evictAfterWrite(principal, match == null ? null : match.route());
      }
    });
  }

  private void evictAfterWrite(Principal principal, Route route) {
    if (route == null) { // an unmatched path passed through: its family is unknown, so all of the caller's go
      invalidator.invalidate(Eviction.principal(principal.id()));
      LOG.log(System.Logger.Level.DEBUG, "write to an unmatched path evicted all the caller's entries");
      return;
    }
    for (String family : policy.familiesEvictedBy(route)) {
      invalidator.invalidate(Eviction.write(principal.id(), family));
      LOG.log(System.Logger.Level.DEBUG, "write to {0} evicted the caller's entries of family {1}", route.id(), family);
    }
  }
}
