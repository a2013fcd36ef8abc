package org.csgateway.app.sandbox;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory, ComputeStacks-compatible upstream (controller 9.3.1 as /work/shared/computestacks/api.md describes
 * it, quirks included) for the demo run, the end-to-end tests and the benchmark. It serves the end-user API's
 * version, projects, container images, zones, orders, volumes, domains, container registry and user routes, the
 * OAuth endpoints, and a control API under {@code /_sandbox}; it counts what it receives ({@link #stats()}) and
 * misbehaves on demand ({@link #faults()}).
 *
 * <p>It deliberately keeps the upstream's authorization hole (api.md §2): a bearer token with a resource owner
 * resolves to its user even when expired or revoked, and skips every scope check. Only tokens without a user are
 * checked. The gateway is expected to close the hole; the sandbox lets tests prove it does.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #stop()} once.
 */
public final class Sandbox {
  private final Vertx vertx;
  private final SandboxOptions options;
  private final SandboxState state;
  private final List<String> deployments = new ArrayList<>();
  private volatile int port = -1;

  public Sandbox(Vertx vertx, SandboxOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.state = new SandboxState(options);
  }

  /**
   * Binds the sandbox and starts serving on {@link SandboxOptions#instances()} event loops.
   *
   * @return the bound port
   */
  public synchronized Future<Integer> start() {
    if (!deployments.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("the sandbox is already started"));
    }
    // Vert.x shares one listening socket between servers asking for the same positive port, or for the same
    // negative port ("any free port, shared"); port 0 would give each event loop a port of its own.
    int listenPort = options.port() == 0 && options.instances() > 1 ? -1 : options.port();
    List<SandboxVerticle> created = new ArrayList<>();
    return vertx.deployVerticle(() -> {
      SandboxVerticle verticle = new SandboxVerticle(state, options.host(), listenPort);
      synchronized (created) {
        created.add(verticle);
      }
      return verticle;
    }, new DeploymentOptions().setInstances(options.instances())).map(id -> {
      int bound = created.get(0).port();
      synchronized (this) {
        deployments.add(id);
        port = bound;
      }
      return bound;
    });
  }

  /** The bound port. */
  public int port() {
    int bound = port;
    if (bound < 0) {
      throw new IllegalStateException("the sandbox is not started");
    }
    return bound;
  }

  /** The base URL clients use, for example {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + host + ":" + port();
  }

  /** Stops serving and closes every connection. */
  public synchronized Future<Void> stop() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    deployments.clear();
    port = -1;
    return Future.all(undeployed).mapEmpty();
  }

  public SandboxOptions options() {
    return options;
  }

  /** The request counters. */
  public SandboxStats stats() {
    return state.stats();
  }

  /** The fault switches. */
  public SandboxFaults faults() {
    return state.faults();
  }

  /** The most recent requests (at most {@link SandboxOptions#recordedRequests()}), oldest first. */
  public List<RecordedRequest> recentRequests() {
    return state.recorder().snapshot();
  }

  /** Forgets the recorded requests. */
  public void clearRecordedRequests() {
    state.recorder().clear();
  }

  /**
   * Issues an access token for a user, as the password grant would but without its checks: any scopes, any
   * lifetime, from the application {@code clientId}. The token has a refresh token.
   *
   * @param user the user name: {@link SandboxIdentities#DEMO_USER}, {@code OTHER_USER} or {@code ADMIN_USER}
   * @return the access token
   * @throws IllegalArgumentException for an unknown user or application
   */
  public String issueUserToken(String user, String clientId, Set<String> scopes, Duration lifetime) {
    return state.tokens().issueDirect(clientId, state.accounts().userNamed(user).id(), scopes, lifetime).accessToken();
  }

  /** {@link #issueUserToken(String, String, Set, Duration)} from the demo application, with the default lifetime. */
  public String issueUserToken(String user, Set<String> scopes) {
    return issueUserToken(user, SandboxIdentities.DEMO_CLIENT_ID, scopes, options.tokenLifetime());
  }

  /**
   * Issues an access token without a user, as the client_credentials grant would but without its scope rule
   * (so a test can hold, say, a client token with {@code project_read}, which the token endpoint refuses).
   *
   * @return the access token
   * @throws IllegalArgumentException for an unknown application
   */
  public String issueClientToken(String clientId, Set<String> scopes, Duration lifetime) {
    return state.tokens().issueDirect(clientId, null, scopes, lifetime).accessToken();
  }

  /** {@link #issueClientToken(String, Set, Duration)} with the default lifetime. */
  public String issueClientToken(String clientId, Set<String> scopes) {
    return issueClientToken(clientId, scopes, options.tokenLifetime());
  }

  /** The refresh token issued with this access token, or null if it has none or is unknown. */
  public String refreshTokenOf(String accessToken) {
    return state.tokens().refreshTokenOf(accessToken);
  }

  /**
   * Revokes an access token (and its refresh token) as {@code POST /api/oauth/revoke} would.
   *
   * @return whether the token was known and not yet revoked
   */
  public boolean revokeToken(String accessToken) {
    return state.tokens().revoke(accessToken);
  }
}
