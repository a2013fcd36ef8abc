package org.csgateway.auth.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, real stand-in for ComputeStacks in tests: Doorkeeper's token info, introspection and revocation, a
 * JWKS document, and an API upstream that checks Basic credentials like {@code auth_request!} and otherwise
 * answers 200 with what it received. Counts every call. Token expiry follows the given clock.
 */
public final class FakeAuthorizationServer {
  public static final String INTROSPECTION_CLIENT = "gateway-client";
  public static final String INTROSPECTION_SECRET = "gateway-secret-123456";

  /** How the token endpoints behave. */
  public enum Mode { NORMAL, ERROR_503, HANG }

  private final Vertx vertx;
  private final InstantSource clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> apiCredentials = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  public final AtomicInteger tokenInfoCalls = new AtomicInteger();
  public final AtomicInteger introspectionCalls = new AtomicInteger();
  public final AtomicInteger jwksCalls = new AtomicInteger();
  public final AtomicInteger upstreamCalls = new AtomicInteger();
  public final List<MultiMap> upstreamHeaders = new CopyOnWriteArrayList<>();
  public final List<String> upstreamUris = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.NORMAL;
  private volatile JsonObject jwks = new JsonObject().put("keys", new JsonArray());
  private volatile Promise<Void> gate;
  private HttpServer server;

  /** A token: its owner (null for client_credentials), application, scopes, expiry and whether it was revoked. */
  public record Token(String owner, String client, Set<String> scopes, Instant expiresAt, boolean revoked) {}

  public FakeAuthorizationServer(Vertx vertx, InstantSource clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  public Future<FakeAuthorizationServer> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0).map(s -> {
      server = s;
      return this;
    });
  }

  public Future<Void> stop() {
    return server.close();
  }

  public int port() {
    return server.actualPort();
  }

  public URI url(String path) {
    return URI.create("http://localhost:" + port() + path);
  }

  /** Issues a random token, like Doorkeeper's (43 URL-safe characters). */
  public String issue(String owner, String client, Set<String> scopes, Duration lifetime) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tokens.put(token, new Token(owner, client, scopes, clock.instant().plus(lifetime), false));
    return token;
  }

  public void revoke(String token) {
    tokens.computeIfPresent(token, (t, old) -> new Token(old.owner(), old.client(), old.scopes(), old.expiresAt(),
        true));
  }

  public void addApiCredential(String username, String password) {
    apiCredentials.put(username, password);
  }

  public void mode(Mode newMode) {
    mode = newMode;
  }

  public void jwks(JsonObject document) {
    jwks = document;
  }

  /** Holds token-info answers until the returned promise is completed. */
  public Promise<Void> holdTokenInfo() {
    Promise<Void> promise = Promise.promise();
    gate = promise;
    return promise;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      switch (request.path()) {
        case "/api/oauth/token/info" -> tokenInfo(request);
        case "/api/oauth/introspect" -> introspect(request, body);
        case "/api/oauth/revoke" -> revokeEndpoint(request, body);
        case "/jwks" -> {
          jwksCalls.incrementAndGet();
          json(request, 200, jwks);
        }
        default -> upstream(request);
      }
    });
  }

  private void tokenInfo(HttpServerRequest request) {
    tokenInfoCalls.incrementAndGet();
    if (mode == Mode.HANG) {
      return;
    }
    if (mode == Mode.ERROR_503) {
      json(request, 503, new JsonObject().put("errors", new JsonArray().add("down")));
      return;
    }
    Promise<Void> held = gate;
    Future<Void> ready = held == null ? Future.succeededFuture() : held.future();
    ready.onComplete(v -> {
      String header = request.getHeader("Authorization");
      Token token = header != null && header.startsWith("Bearer ") ? tokens.get(header.substring(7)) : null;
      String problem = problem(token);
      if (problem != null) {
        request.response().putHeader("WWW-Authenticate", "Bearer realm=\"ComputeStacks\", error=\"invalid_token\"");
        json(request, 401, new JsonObject().put("error", "invalid_token").put("error_description", problem));
        return;
      }
      json(request, 200, new JsonObject()
          .put("resource_owner_id", token.owner() == null ? null : Integer.valueOf(token.owner()))
          .put("scope", new JsonArray(List.copyOf(token.scopes())))
          .put("expires_in", Duration.between(clock.instant(), token.expiresAt()).toSeconds())
          .put("application", new JsonObject().put("uid", token.client()))
          .put("created_at", clock.instant().getEpochSecond()));
    });
  }

  private String problem(Token token) {
    if (token == null) {
      return "The access token is invalid";
    }
    if (token.revoked()) {
      return "The access token was revoked";
    }
    return clock.instant().isBefore(token.expiresAt()) ? null : "The access token expired";
  }

  private void introspect(HttpServerRequest request, Buffer body) {
    introspectionCalls.incrementAndGet();
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        (INTROSPECTION_CLIENT + ":" + INTROSPECTION_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(request.getHeader("Authorization"))) {
      json(request, 401, new JsonObject().put("error", "invalid_client"));
      return;
    }
    Token token = tokens.get(form(body).get("token"));
    if (problem(token) != null) {
      json(request, 200, new JsonObject().put("active", false));
      return;
    }
    JsonObject answer = new JsonObject().put("active", true).put("scope", String.join(" ", token.scopes()))
        .put("client_id", token.client()).put("token_type", "Bearer").put("exp", token.expiresAt().getEpochSecond());
    if (token.owner() != null) {
      answer.put("sub", token.owner());
    }
    json(request, 200, answer);
  }

  private void revokeEndpoint(HttpServerRequest request, Buffer body) {
    String token = form(body).get("token");
    if (token != null) {
      revoke(token);
    }
    json(request, 200, new JsonObject());
  }

  private void upstream(HttpServerRequest request) {
    upstreamCalls.incrementAndGet();
    upstreamHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
    upstreamUris.add(request.uri());
    String header = request.getHeader("Authorization");
    if (header != null && header.contains("Basic")) {
      String[] credential = new String(Base64.getDecoder().decode(header.substring(6).trim()),
          StandardCharsets.UTF_8).split(":", 2);
      if (credential.length != 2 || !credential[1].equals(apiCredentials.get(credential[0]))) {
        json(request, 401, new JsonObject().put("errors", new JsonArray().add("Not Authorized")));
        return;
      }
    }
    json(request, 200, new JsonObject().put("path", request.path()));
  }

  private static Map<String, String> form(Buffer body) {
    Map<String, String> values = new ConcurrentHashMap<>();
    for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.toBuffer());
  }
}
