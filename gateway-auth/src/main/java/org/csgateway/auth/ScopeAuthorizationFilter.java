package org.csgateway.auth;

import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.ScopeMatch;

/**
 * Checks the route's scopes (any or all of them, as the route table says) for every credential, tokens with a user
 * included: the upstream skips the check for any request that resolves to a user, even through an expired token,
 * and the gateway closes that hole. Basic credentials hold every scope. Admin routes need {@code admin_read} or
 * {@code admin_write} like any other scope. A missing scope gets 403 with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."}.
 */
public final class ScopeAuthorizationFilter implements GatewayFilter {
  private static final System.Logger LOG = System.getLogger(ScopeAuthorizationFilter.class.getName());

  private final AuthChallenges challenges;
  private final AuthFailureListener listener;

  /**
   * @param invalidTokenStatus the status for a route reached without a principal (cannot happen behind the
   *     {@link AuthenticationFilter}; refused rather than trusted)
   * @param listener told about every refusal
   */
  public ScopeAuthorizationFilter(int invalidTokenStatus, AuthFailureListener listener) {
    this.challenges = new AuthChallenges(invalidTokenStatus);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public String id() {
    return "authorize-scopes";
  }

  @Override
  public Stage stage() {
    return Stage.AUTHORIZE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    Route route = exchange.route() == null ? null : exchange.route().route();
    if (route == null || !route.auth().requiresCredential()) {
      return chain.proceed(exchange);
    }
    Principal principal = exchange.get(Principal.KEY);
    if (principal == null) {
      return refuse(exchange, AuthFailure.Kind.MISSING_CREDENTIALS, null, challenges.missing());
    }
    if (route.scopeMatch() == ScopeMatch.NONE || granted(principal, route.scopes(), route.scopeMatch())) {
      return chain.proceed(exchange);
    }
    return refuse(exchange, AuthFailure.Kind.INSUFFICIENT_SCOPE, principal.id(),
        challenges.insufficientScope(route.scopes(), route.scopeMatch() == ScopeMatch.ALL));
  }

  private static boolean granted(Principal principal, Set<String> scopes, ScopeMatch match) {
    // Loops, not streams: this runs on every authorized request, and a stream costs four objects per call.
    if (match == ScopeMatch.ALL) {
      for (String scope : scopes) {
        if (!principal.hasScope(scope)) {
          return false;
        }
      }
      return true;
    }
    for (String scope : scopes) {
      if (principal.hasScope(scope)) {
        return true;
      }
    }
    return false;
  }

  private Future<GatewayResponse> refuse(Exchange exchange, AuthFailure.Kind kind, String principalId,
      GatewayException refusal) {
    LOG.log(Level.DEBUG, "Refused request {0} on {1}: {2}", exchange.requestId(), exchange.routeId(), refusal.code());
    AuthFailures.notify(listener, exchange,
        new AuthFailure(kind, exchange.routeId(), exchange.clientAddress(), null, principalId));
    return Future.failedFuture(refusal);
  }
}
