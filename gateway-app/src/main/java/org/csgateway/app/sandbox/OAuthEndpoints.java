package org.csgateway.app.sandbox;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Doorkeeper 5.6.9 as ComputeStacks configures it (api.md §3.2): the token endpoint (client_credentials,
 * password, refresh_token), token info, introspection and revocation, with Doorkeeper's error bodies
 * {@code {"error":..., "error_description":...}} and CS's own rule that client tokens may hold only {@code public}
 * and {@code register} and only admins may hold admin scopes (403 unauthorized_client).
 *
 * <p>Deviation: the upstream issues refresh tokens only for the authorization_code grant, which needs its HTML
 * consent flow; the sandbox has none, so it issues refresh tokens with the password grant instead. A refresh
 * revokes the old token (access and refresh) at once; Doorkeeper revokes it when the new token is first used.
 */
final class OAuthEndpoints {
  static final Set<String> CONFIGURED_SCOPES = Set.of("public", "admin_read", "admin_write", "dns_read", "dns_write",
      "images_read", "images_write", "order_read", "order_write", "profile_update", "profile_read", "project_read",
      "project_write", "register");
  private static final Set<String> CLIENT_SCOPES = Set.of("public", "register");
  private static final String INVALID_CLIENT = "Client authentication failed due to unknown client, no client"
      + " authentication included, or unsupported authentication method.";
  private static final String INVALID_GRANT = "The provided authorization grant is invalid, expired, revoked, does"
      + " not match the redirection URI used in the authorization request, or was issued to another client.";
  private static final String INVALID_SCOPE = "The requested scope is invalid, unknown, or malformed.";

  private final Accounts accounts;
  private final TokenStore tokens;
  private final SandboxStats stats;

  OAuthEndpoints(Accounts accounts, TokenStore tokens, SandboxStats stats) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.stats = stats;
  }

  /** {@code POST /api/oauth/token}. */
  void token(RoutingContext ctx) {
    stats.countTokenRequest();
    JsonObject params = params(ctx);
    String grantType = params.getString("grant_type", "");
    switch (grantType) {
      case "client_credentials" -> clientCredentials(ctx, params);
      case "password" -> password(ctx, params);
      case "refresh_token" -> refresh(ctx, params);
      case "authorization_code" -> error(ctx, 400, "invalid_grant", INVALID_GRANT); // no consent UI, no codes
      case "" -> error(ctx, 400, "invalid_request", "Missing required parameter: grant_type.");
      default -> error(ctx, 400, "unsupported_grant_type",
          "The authorization grant type is not supported by the authorization server.");
    }
  }

  private void clientCredentials(RoutingContext ctx, JsonObject params) {
    Accounts.Application client = client(ctx, params);
    if (client == null) {
      error(ctx, 401, "invalid_client", INVALID_CLIENT);
      return;
    }
    List<String> scopes = scopes(params.getString("scope"));
    if (scopes == null) {
      error(ctx, 400, "invalid_scope", INVALID_SCOPE);
    } else if (!CLIENT_SCOPES.containsAll(scopes)) {
      unauthorizedScopes(ctx); // CS enforce_user_scopes!: no user, only public and register
    } else {
      issued(ctx, tokens.issue(client.clientId(), null, scopes, false));
    }
  }

  private void password(RoutingContext ctx, JsonObject params) {
    Accounts.Application client = client(ctx, params);
    if (client == null) {
      error(ctx, 401, "invalid_client", INVALID_CLIENT);
      return;
    }
    String username = params.getString("username");
    String password = params.getString("password");
    Accounts.User user = username == null || password == null ? null : accounts.authenticate(username, password);
    if (user == null) {
      error(ctx, 400, "invalid_grant", INVALID_GRANT);
      return;
    }
    List<String> scopes = scopes(params.getString("scope"));
    if (scopes == null) {
      error(ctx, 400, "invalid_scope", INVALID_SCOPE);
    } else if (!user.admin() && (scopes.contains("admin_read") || scopes.contains("admin_write"))) {
      unauthorizedScopes(ctx); // CS enforce_user_scopes!: admin scopes need an admin user
    } else {
      issued(ctx, tokens.issue(client.clientId(), user.id(), scopes, true));
    }
  }

  private void refresh(RoutingContext ctx, JsonObject params) {
    String refreshToken = params.getString("refresh_token");
    if (refreshToken == null || refreshToken.isEmpty()) {
      error(ctx, 400, "invalid_request", "Missing required parameter: refresh_token.");
      return;
    }
    TokenStore.Token old = tokens.findByRefreshToken(refreshToken);
    Instant now = tokens.now();
    if (old == null || old.revoked(now)) {
      error(ctx, 400, "invalid_grant", INVALID_GRANT);
      return;
    }
    Accounts.Application client = client(ctx, params);
    if (client == null) {
      error(ctx, 401, "invalid_client", INVALID_CLIENT);
      return;
    }
    if (!client.clientId().equals(old.clientId())) {
      error(ctx, 400, "invalid_grant", INVALID_GRANT);
      return;
    }
    String requested = params.getString("scope");
    List<String> scopes = requested == null || requested.isBlank() ? old.scopes() : scopes(requested);
    if (scopes == null || !old.scopes().containsAll(scopes)) {
      error(ctx, 400, "invalid_scope", INVALID_SCOPE);
      return;
    }
    if (!old.revoke(now)) { // a concurrent refresh won: Doorkeeper's lock! makes the loser see a revoked token
      error(ctx, 400, "invalid_grant", INVALID_GRANT);
      return;
    }
    issued(ctx, tokens.issue(client.clientId(), old.userId(), scopes, true));
  }

  /**
   * {@code GET /api/oauth/token/info}: unlike the API controllers, it checks expiry and revocation. 200 with the
   * token's facts, else 401 {@code invalid_token} with {@code WWW-Authenticate}.
   */
  void tokenInfo(RoutingContext ctx) {
    stats.countTokenInfo();
    ApiCall call = new ApiCall(ctx, Map.of(), null, null);
    TokenStore.Token token = tokens.find(ApiGuard.bearerToken(call, ctx.request().getHeader(HttpHeaders.AUTHORIZATION)));
    Instant now = tokens.now();
    if (token == null || !token.accessible(now)) {
      String reason = ApiGuard.invalidTokenReason(token, now);
      ctx.response().putHeader("WWW-Authenticate",
          "Bearer realm=\"ComputeStacks\", error=\"invalid_token\", error_description=\"" + reason + "\"");
      json(ctx, 401, new JsonObject().put("error", "invalid_token").put("error_description", reason));
      return;
    }
    json(ctx, 200, new JsonObject()
        .put("resource_owner_id", token.userId())
        .put("scope", new JsonArray(new ArrayList<>(token.scopes())))
        .put("expires_in", token.expiresInSeconds(now))
        .put("application", new JsonObject().put("uid", token.clientId()))
        .put("created_at", token.createdAt().getEpochSecond()));
  }

  /**
   * {@code POST /api/oauth/introspect} (RFC 7662) with Doorkeeper's default policy: the caller authenticates as a
   * client (or with a bearer token) and only tokens of its own application are reported active.
   */
  void introspect(RoutingContext ctx) {
    stats.countIntrospection();
    JsonObject params = params(ctx);
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String authorizedClientId;
    if (hasClientCredentials(authorization, params)) {
      Accounts.Application client = client(ctx, params);
      if (client == null) {
        error(ctx, 401, "invalid_client", INVALID_CLIENT);
        return;
      }
      authorizedClientId = client.clientId();
    } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      TokenStore.Token caller = tokens.find(authorization.substring(7));
      if (caller == null || !caller.accessible(tokens.now())) {
        error(ctx, 401, "invalid_token", ApiGuard.invalidTokenReason(caller, tokens.now()));
        return;
      }
      authorizedClientId = caller.clientId();
    } else {
      error(ctx, 400, "invalid_request", "Request is not authorized.");
      return;
    }
    TokenStore.Token token = lookup(params);
    Instant now = tokens.now();
    if (token == null || !token.accessible(now) || !token.clientId().equals(authorizedClientId)) {
      json(ctx, 200, new JsonObject().put("active", false));
      return;
    }
    json(ctx, 200, new JsonObject()
        .put("active", true)
        .put("scope", String.join(" ", token.scopes()))
        .put("client_id", token.clientId())
        .put("token_type", "Bearer")
        .put("exp", token.expiresAt().getEpochSecond())
        .put("iat", token.createdAt().getEpochSecond()));
  }

  /**
   * {@code POST /api/oauth/revoke} (RFC 7009): needs client authentication; 200 {} for an unknown token or after
   * revoking; 403 {@code unauthorized_client} when the token belongs to another application.
   */
  void revoke(RoutingContext ctx) {
    stats.countRevocation();
    JsonObject params = params(ctx);
    Accounts.Application client = client(ctx, params);
    if (client == null) {
      json(ctx, 403, revocationError());
      return;
    }
    TokenStore.Token token = lookup(params);
    if (token == null) {
      json(ctx, 200, new JsonObject());
      return;
    }
    if (!token.clientId().equals(client.clientId())) {
      json(ctx, 403, revocationError());
      return;
    }
    token.revoke(tokens.now());
    json(ctx, 200, new JsonObject());
  }

  private static JsonObject revocationError() {
    return new JsonObject().put("error", "unauthorized_client")
        .put("error_description", "You are not authorized to revoke this token");
  }

  /** The token named by {@code token}, by access token unless {@code token_type_hint} says refresh_token. */
  private TokenStore.Token lookup(JsonObject params) {
    String value = params.getString("token");
    if ("refresh_token".equals(params.getString("token_type_hint"))) {
      return tokens.findByRefreshToken(value);
    }
    TokenStore.Token token = tokens.find(value);
    return token != null ? token : tokens.findByRefreshToken(value);
  }

  /** Client authentication: HTTP Basic {@code client_id:client_secret}, else the form parameters. */
  private Accounts.Application client(RoutingContext ctx, JsonObject params) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.startsWith("Basic ")) {
      String[] credentials = Accounts.decodeBasic(authorization);
      return credentials == null ? null : accounts.authenticateClient(credentials[0], credentials[1]);
    }
    return accounts.authenticateClient(params.getString("client_id"), params.getString("client_secret"));
  }

  private static boolean hasClientCredentials(String authorization, JsonObject params) {
    return (authorization != null && authorization.startsWith("Basic ")) || params.getString("client_id") != null;
  }

  /**
   * The requested scopes, space separated, {@code public} when none; null when one is not configured or the
   * string has tabs or line breaks (Doorkeeper's ScopeChecker).
   */
  static List<String> scopes(String requested) {
    if (requested == null || requested.isBlank()) {
      return List.of("public");
    }
    if (requested.indexOf('\t') >= 0 || requested.indexOf('\n') >= 0 || requested.indexOf('\r') >= 0) {
      return null;
    }
    Set<String> scopes = new LinkedHashSet<>(List.of(requested.trim().split(" +")));
    return CONFIGURED_SCOPES.containsAll(scopes) ? List.copyOf(scopes) : null;
  }

  private void issued(RoutingContext ctx, TokenStore.Token token) {
    JsonObject body = new JsonObject()
        .put("access_token", token.accessToken())
        .put("token_type", "Bearer")
        .put("expires_in", token.lifetimeSeconds());
    if (token.refreshToken() != null) {
      body.put("refresh_token", token.refreshToken());
    }
    body.put("scope", String.join(" ", token.scopes())).put("created_at", token.createdAt().getEpochSecond());
    json(ctx, 200, body);
  }

  private void unauthorizedScopes(RoutingContext ctx) {
    json(ctx, 403, new JsonObject().put("error", "unauthorized_client").put("error_description", INVALID_SCOPE));
  }

  /** Doorkeeper's ErrorResponse: 401 with WWW-Authenticate for client errors, 400 otherwise. */
  private static void error(RoutingContext ctx, int status, String error, String description) {
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ComputeStacks\", error=\"" + error
          + "\", error_description=\"" + description + "\"");
    }
    json(ctx, status, new JsonObject().put("error", error).put("error_description", description));
  }

  /** Doorkeeper's token responses are never cached. */
  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("Pragma", "no-cache");
    Replies.json(ctx, status, body.toBuffer(), null);
  }

  /** The request's parameters: query, overridden by the body (form fields or a JSON object). */
  static JsonObject params(RoutingContext ctx) {
    JsonObject params = new JsonObject();
    ctx.request().params().forEach(e -> params.put(e.getKey(), e.getValue()));
    JsonObject body = ApiCall.parseBody(ctx);
    body.forEach(e -> params.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
    return params;
  }
}
