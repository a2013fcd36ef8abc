package org.csgateway.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.ServerConfig;
import org.csgateway.app.sandbox.Sandbox;

/**
 * One running gateway inside a Vert.x instance it does not own: the sandbox first when it is the upstream, then
 * the {@link SharedComponents} (started before any listener opens), the proxy verticles ({@code server.instances}
 * of them, built by one supplier around one shared {@link PipelineFactory}) and the admin verticle. Tests start it
 * in-process on port 0, read the bound ports and may pass fake {@link Clocks}. {@link #start} once, {@link #stop}
 * once.
 */
public final class GatewayApplication {
  private static final Logger LOG = System.getLogger(GatewayApplication.class.getName());

  /**
   * The ports bound.
   *
   * @param proxy the proxy listener
   * @param admin the admin listener
   * @param sandbox the sandbox, or -1 when it does not run
   */
  public record Ports(int proxy, int admin, int sandbox) {}

  private final Vertx vertx;
  private final Clocks clocks;
  private final Readiness readiness = new Readiness();
  private final Deque<String> deployments = new ArrayDeque<>();
  private Sandbox sandbox;
  private volatile SharedComponents shared;
  private volatile GatewayConfig effectiveConfig;
  private volatile Ports ports;

  /** A gateway on the system clocks. */
  public GatewayApplication(Vertx vertx) {
    this(vertx, Clocks.system());
  }

  /**
   * @param clocks the time sources of the gateway's caches and limiters, and of the sandbox's tokens when it runs
   */
  public GatewayApplication(Vertx vertx, Clocks clocks) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.clocks = Objects.requireNonNull(clocks, "clocks");
  }

  /**
   * Starts everything the configuration asks for; if any part fails, what was started is stopped again.
   *
   * @return the bound ports
   */
  public Future<Ports> start(GatewayConfig config) {
    Objects.requireNonNull(config, "config");
    Future<GatewayConfig> resolved = config.sandbox().enabled() ? startSandbox(config) : Future.succeededFuture(config);
    return resolved.compose(this::deploy)
        .onSuccess(bound -> {
          ports = bound;
          readiness.markReady();
        })
        .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
  }

  /** Stops the listeners, then the shared components, then the sandbox; readiness turns false at once. */
  public Future<Void> stop() {
    readiness.markNotReady();
    List<Future<Void>> undeployed = new ArrayList<>();
    synchronized (deployments) {
      while (!deployments.isEmpty()) {
        undeployed.add(vertx.undeploy(deployments.pop()));
      }
    }
    Future<Void> listenersStopped = Future.join(undeployed).mapEmpty();
    return listenersStopped.eventually(() -> {
      SharedComponents running = shared;
      shared = null;
      return running == null ? Future.succeededFuture() : running.close();
    }).eventually(() -> {
      Sandbox running = sandbox;
      sandbox = null;
      return running == null ? Future.succeededFuture() : running.stop();
    });
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The sandbox, when it runs as the upstream (tests read its counters and flip its fault switches). */
  public Optional<Sandbox> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  /** The bound ports once started, else null. */
  public Ports ports() {
    return ports;
  }

  /** The configuration as started: with the sandbox, the upstream URL is the sandbox's bound address. */
  public GatewayConfig config() {
    return effectiveConfig;
  }

  /** The parts every event loop shares (auth, caches, limiters), once started, else empty. */
  public Optional<SharedComponents> components() {
    return Optional.ofNullable(shared);
  }

  private Future<GatewayConfig> startSandbox(GatewayConfig config) {
    sandbox = new Sandbox(vertx, config.sandbox().options().withClock(clocks.wall()));
    return sandbox.start().map(port -> config.withUpstreamUrl(URI.create(sandbox.baseUrl())));
  }

  private Future<Ports> deploy(GatewayConfig config) {
    effectiveConfig = config;
    SharedComponents components = new SharedComponents(vertx, config, clocks);
    shared = components;
    return components.start().compose(started -> deployListeners(config, components));
  }

  private Future<Ports> deployListeners(GatewayConfig config, SharedComponents components) {
    PipelineFactory pipelines = new PipelineFactory(config, components, clocks);
    ServerConfig server = config.server();
    AdminVerticle admin = new AdminVerticle(config.admin(), readiness, components, config.routes().table());
    return deployProxies(config, pipelines, listenPort(server)).compose(proxyPort ->
        remember(vertx.deployVerticle(admin)).map(id -> {
          Ports ports = new Ports(proxyPort, admin.port(), sandbox == null ? -1 : sandbox.port());
          LOG.log(Level.INFO, "csgateway started: proxy port {0}, admin port {1}, {2} instance(s), upstream {3}",
              String.valueOf(ports.proxy()), String.valueOf(ports.admin()), String.valueOf(server.instances()),
              config.upstream().url());
          return ports;
        }));
  }

  /**
   * The port the proxy instances listen on. Vert.x shares a listening socket between servers of one Vert.x instance
   * that ask for the same port, but port 0 gives each server its own free port; a negative port is Vert.x's way to
   * ask for one free port shared by every server using that same negative number. It is drawn at random so that
   * two gateways in one Vert.x (tests) do not share.
   */
  private static int listenPort(ServerConfig server) {
    return server.port() != 0 ? server.port() : -ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
  }

  private Future<Integer> deployProxies(GatewayConfig config, PipelineFactory pipelines, int port) {
    List<GatewayVerticle> created = new ArrayList<>();
    return remember(vertx.deployVerticle(() -> {
      GatewayVerticle verticle = new GatewayVerticle(config.server(), port, config.upstream(), pipelines);
      synchronized (created) {
        created.add(verticle);
      }
      return verticle;
    }, new DeploymentOptions().setInstances(config.server().instances()))).compose(id -> {
      synchronized (created) {
        long distinct = created.stream().mapToInt(GatewayVerticle::port).distinct().count();
        return distinct == 1 ? Future.succeededFuture(created.get(0).port())
            : Future.failedFuture(new IllegalStateException("the proxy instances bound different ports"));
      }
    });
  }

  private Future<String> remember(Future<String> deployment) {
    return deployment.onSuccess(id -> {
      synchronized (deployments) {
        deployments.push(id);
      }
    });
  }
}
