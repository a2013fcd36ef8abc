package org.csgateway.app.sandbox;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import org.csgateway.core.routing.ScopeMatch;

/**
 * The upstream's authentication and scope filters, in their order (api.md §2), including its hole: a bearer token
 * with a resource owner resolves to that user even when expired or revoked (Doorkeeper's {@code by_token} does
 * not check either), and every {@code doorkeeper_authorize!} is {@code unless: :current_user}, so such a request
 * is never scope-checked. Only requests without a user meet Doorkeeper's 401 (invalid, expired, revoked or
 * missing token, empty body, {@code WWW-Authenticate}) and 403 (scope missing, empty body).
 */
final class ApiGuard {
  static final String DEPRECATED_KEY = "sandbox.deprecated";
  private static final String REALM = "Bearer realm=\"ComputeStacks\", error=\"invalid_token\", error_description=\"";

  private final Accounts accounts;
  private final TokenStore tokens;

  ApiGuard(Accounts accounts, TokenStore tokens) {
    this.accounts = accounts;
    this.tokens = tokens;
  }

  /** Runs the filters; returns the call for the action, or null when a filter already answered. */
  ApiCall admit(RoutingContext ctx, Endpoint endpoint, Map<String, String> pathParams) {
    if (endpoint.guard() == Endpoint.Guard.NONE) {
      markDeprecation(ctx);
      return new ApiCall(ctx, pathParams, null, null);
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Accounts.User user = null;
    if (authorization != null && authorization.contains("Basic")) { // CS api_auth.rb: request.authorization =~ /Basic/
      user = accounts.basicUser(authorization);
      if (user == null) {
        Replies.errors(ctx, 401, "Not Authorized");
        return null;
      }
    }
    markDeprecation(ctx);
    ApiCall call = new ApiCall(ctx, pathParams, user, null);
    TokenStore.Token token = null;
    if (user == null) {
      token = tokens.find(bearerToken(call, authorization));
      if (token != null && token.userId() != null) {
        user = accounts.userById(token.userId()); // the hole: no expiry or revocation check (api.md §2)
      }
      call = new ApiCall(ctx, pathParams, user, token);
    }
    if (endpoint.guard() == Endpoint.Guard.ADMIN && (user == null || !user.admin())) {
      Replies.errors(ctx, 401, "Not Authorized"); // ensure_admin!
      return null;
    }
    if (user == null && endpoint.scopeMatch() != ScopeMatch.NONE && !authorize(ctx, endpoint, token)) {
      return null;
    }
    return call;
  }

  /** Doorkeeper's {@code doorkeeper_authorize!}, one filter per scope for "all", one for every scope for "any". */
  private boolean authorize(RoutingContext ctx, Endpoint endpoint, TokenStore.Token token) {
    Instant now = tokens.now();
    if (token == null || !token.accessible(now)) {
      ctx.response().putHeader("WWW-Authenticate", REALM + invalidTokenReason(token, now) + "\"");
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      Replies.head(ctx, 401);
      return false;
    }
    boolean allowed = endpoint.scopeMatch() == ScopeMatch.ALL
        ? endpoint.scopes().stream().allMatch(token::hasScope)
        : endpoint.scopes().stream().anyMatch(token::hasScope);
    if (!allowed) {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      Replies.head(ctx, 403);
      return false;
    }
    return true;
  }

  /** Doorkeeper's InvalidTokenResponse reason, in its order: revoked, then expired, else invalid. */
  static String invalidTokenReason(TokenStore.Token token, Instant now) {
    if (token != null && token.revoked(now)) {
      return "The access token was revoked";
    }
    if (token != null && token.expired(now)) {
      return "The access token expired";
    }
    return "The access token is invalid";
  }

  /**
   * Doorkeeper's default {@code access_token_methods}: {@code Authorization: Bearer} (case-insensitive scheme),
   * else the {@code access_token} parameter, else the {@code bearer_token} parameter (query or body).
   */
  static String bearerToken(ApiCall call, String authorization) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7);
      if (!token.isBlank()) {
        return token;
      }
    }
    String token = call.param("access_token");
    if (token == null || token.isBlank()) {
      token = call.param("bearer_token");
    }
    return token == null || token.isBlank() ? null : token;
  }

  private static void markDeprecation(RoutingContext ctx) {
    if (Boolean.TRUE.equals(ctx.get(DEPRECATED_KEY))) {
      ctx.response().putHeader("API-Deprecated", "true"); // CS api_version.rb#include_deprecation
    }
  }
}
