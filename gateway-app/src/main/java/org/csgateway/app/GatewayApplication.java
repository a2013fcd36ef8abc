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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.metrics.ConfigMetrics;
import org.csgateway.app.metrics.GatewayMetrics;
import org.csgateway.app.metrics.Observability;
import org.csgateway.app.metrics.ReloadMetrics;
import org.csgateway.app.config.ServerConfig;
import org.csgateway.app.config.ReloadSettings;
import org.csgateway.app.lifecycle.ConfigFileWatcher;
import org.csgateway.app.lifecycle.ConfigReloadListener;
import org.csgateway.app.lifecycle.ConfigReloader;
import org.csgateway.app.lifecycle.ConfigSource;
import org.csgateway.app.lifecycle.Delay;
import org.csgateway.app.lifecycle.GracefulShutdown;
import org.csgateway.app.lifecycle.HealthChecks;
import org.csgateway.app.lifecycle.ReloadResult;
import org.csgateway.app.lifecycle.ReloadTarget;
import org.csgateway.app.lifecycle.RestartRequired;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.tls.CertificateReloader;
import org.csgateway.core.pipeline.Pipeline;

/**
 * One running gateway inside a Vert.x instance it does not own: the sandbox first when it is the upstream, then
 * the {@link SharedComponents} (started before any listener opens), the proxy verticles ({@code server.instances}
 * of them, built by one supplier around one shared {@link PipelineFactory}) and the admin verticle. Tests start it
 * in-process on port 0, read the bound ports and may pass fake {@link Clocks}. {@link #start} once, then
 * {@link #shutdown} (graceful: readiness off, drain, stop) or {@link #stop} (at once) once.
 *
 * <p>Started from a {@link ConfigSource} (a file), it reloads that file on {@link #reload()} (admin
 * {@code POST /config/reload}, SIGHUP) and, when {@code reload.watch} is on, when its content changes: the new
 * configuration is validated fully, settings that need a restart are refused ({@link RestartRequired}), the shared
 * parts whose settings did not change are kept (token memory, response cache, limiter buckets), and each proxy
 * instance's pipeline is swapped with one volatile write.
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
  private volatile PrometheusMeterRegistry metricsRegistry;
  private volatile Observability observability;
  private volatile SharedComponents shared;
  private volatile GatewayConfig effectiveConfig;
  private volatile Ports ports;
  private volatile CertificateReloader certificates;
  private final Delay delay;
  private final List<GatewayVerticle> proxies = new CopyOnWriteArrayList<>();
  private volatile PipelineFactory pipelines;
  // Reload outcomes go to the metrics unless someone else asks for them.
  private volatile ConfigReloadListener reloadListener = new ReloadMetrics(this::configMetrics);
  private volatile ConfigReloader reloader;
  private volatile ConfigFileWatcher watcher;
  private volatile HealthChecks health;
  private Future<Void> shutdown;

  /** A gateway on the system clocks. */
  public GatewayApplication(Vertx vertx) {
    this(vertx, Clocks.system());
  }

  /**
   * @param clocks the time sources of the gateway's caches and limiters, and of the sandbox's tokens when it runs
   */
  public GatewayApplication(Vertx vertx, Clocks clocks) {
    this(vertx, clocks, Delay.timers(vertx));
  }

  /** @param delay how the shutdown's drain delay is waited for (tests pass one they complete themselves) */
  public GatewayApplication(Vertx vertx, Clocks clocks, Delay delay) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.clocks = Objects.requireNonNull(clocks, "clocks");
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /** Told of every reload's outcome (metrics); set it before {@link #start}. */
  public void onReload(ConfigReloadListener listener) {
    this.reloadListener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Loads the configuration from its source and starts it, then reloads that source when asked (and watches it
   * when {@code reload.watch} is on and it is a file).
   *
   * @return the bound ports; a failure (a {@link org.csgateway.app.config.ConfigException} for an invalid file)
   *     when it did not start
   */
  public Future<Ports> start(ConfigSource source) {
    Objects.requireNonNull(source, "source");
    return source.load(vertx).compose(loaded -> start(loaded.config()).onSuccess(bound -> {
      ConfigReloader configured = new ConfigReloader(vertx, source, loaded.hash(), new Reconfiguration(),
          reloadListener);
      reloader = configured;
      reloadListener.onSuccess(loaded.hash());
      if (source.isFile()) {
        ConfigFileWatcher files = new ConfigFileWatcher(vertx, configured);
        watcher = files;
        watch(effectiveConfig.reload());
      }
    }));
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
        .compose(bound -> checkHealth(effectiveConfig).map(bound))
        .onSuccess(bound -> {
          ports = bound;
          readiness.markReady();
        })
        .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
  }

  /**
   * Reloads the configuration file (after any reload under way). Never fails: a refused file is a result listing
   * why, and the running configuration is kept.
   */
  public Future<ReloadResult> reload() {
    ConfigReloader configured = reloader;
    return configured != null ? configured.reload() : Future.succeededFuture(new ReloadResult(false, false, "",
        List.of("this gateway was started without a configuration file to reload")));
  }

  /** The hash of the configuration file in force, or empty when started without one. */
  public Optional<String> configHash() {
    return Optional.ofNullable(reloader).map(ConfigReloader::hash);
  }

  /**
   * Stops gracefully: readiness turns false at once, the proxy serves on for {@code shutdown.drainDelay}, then stops
   * accepting and lets requests in flight finish for up to {@code shutdown.drainTimeout}; then everything stops.
   * Calling it again returns the same future.
   */
  public synchronized Future<Void> shutdown() {
    if (shutdown == null) {
      readiness.markNotReady();
      stopWatching();
      GatewayConfig running = effectiveConfig;
      Future<Void> drained = running == null ? Future.succeededFuture()
          : new GracefulShutdown(running.shutdown(), delay).drain(List.copyOf(proxies));
      shutdown = drained.eventually(this::stop);
    }
    return shutdown;
  }

  /** Stops the listeners, then the shared components, then the sandbox; readiness turns false at once. */
  public Future<Void> stop() {
    readiness.markNotReady();
    stopWatching();
    CertificateReloader watching = certificates;
    certificates = null;
    if (watching != null) {
      watching.close();
    }
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
      Observability observed = observability;
      observability = null;
      if (observed != null) {
        observed.close();
      }
      Sandbox running = sandbox;
      sandbox = null;
      return running == null ? Future.succeededFuture() : running.stop();
    });
  }

  /**
   * The registry the gateway's metrics go to, shared with Vert.x's own metrics (Main gives Vert.x the same one); set
   * it before {@link #start}. Without it, a gateway with metrics enabled makes a registry of its own.
   */
  public void useMetricsRegistry(PrometheusMeterRegistry registry) {
    this.metricsRegistry = Objects.requireNonNull(registry, "registry");
  }

  /** The metrics, once started with {@code metrics.enabled}, else empty. */
  public Optional<GatewayMetrics> metrics() {
    Observability watching = observability;
    return watching == null ? Optional.empty() : watching.metrics();
  }

  /** The configuration's reload counters and hash gauge (a no-op without metrics), for the reload code. */
  public ConfigMetrics configMetrics() {
    Observability watching = observability;
    return watching == null ? ConfigMetrics.NONE : watching.configMetrics();
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

  /** What serves a renewed TLS certificate to the proxy servers, when TLS is on and the gateway started. */
  public Optional<CertificateReloader> certificates() {
    return Optional.ofNullable(certificates);
  }

  /** The parts every event loop shares (auth, caches, limiters), once started, else empty. */
  public Optional<SharedComponents> components() {
    return Optional.ofNullable(shared);
  }

  private Future<GatewayConfig> startSandbox(GatewayConfig config) {
    sandbox = new Sandbox(vertx, config.sandbox().options().withClock(clocks.wall()));
    return sandbox.start().map(port -> config.withUpstreamUrl(URI.create(sandbox.baseUrl())));
  }

  /** The file watch, at this interval, when it is on. */
  private void watch(ReloadSettings settings) {
    ConfigFileWatcher files = watcher;
    if (files == null) {
      return;
    }
    if (settings.watch()) {
      files.start(settings.checkInterval());
    } else {
      files.stop();
    }
  }

  /** Starts the dependency checks the configuration requires, replacing the previous ones. */
  private Future<Void> checkHealth(GatewayConfig config) {
    HealthChecks previous = health;
    if (previous != null) {
      previous.stop();
    }
    HealthChecks checks = new HealthChecks(vertx, config, readiness);
    health = checks;
    return checks.start();
  }

  private void stopWatching() {
    ConfigFileWatcher files = watcher;
    if (files != null) {
      files.stop();
    }
    HealthChecks checks = health;
    if (checks != null) {
      checks.stop();
    }
  }

  /** How a reloaded configuration is swapped into the running gateway. */
  private final class Reconfiguration implements ReloadTarget {
    @Override
    public GatewayConfig running() {
      return effectiveConfig;
    }

    @Override
    public GatewayConfig resolve(GatewayConfig loaded) {
      return sandbox == null ? loaded : loaded.withUpstreamUrl(URI.create(sandbox.baseUrl()));
    }

    /**
     * Builds the successor parts, starts the new ones and every instance's pipeline before anything is swapped, so
     * a failure leaves the running configuration whole; then one volatile write per instance swaps the pipeline.
     */
    @Override
    public Future<Void> apply(GatewayConfig next) {
      SharedComponents before = shared;
      GatewayConfig previous = effectiveConfig;
      SharedComponents after = before.reconfigured(next);
      return after.start().compose(started -> {
        PipelineFactory factory = pipelines.reconfigured(next, after, clocks);
        List<Pipeline> built = proxies.stream().map(proxy -> proxy.pipelineFrom(factory)).toList();
        for (int i = 0; i < built.size(); i++) {
          proxies.get(i).use(built.get(i));
        }
        shared = after;
        pipelines = factory;
        effectiveConfig = next;
        return Future.succeededFuture(previous);
      }).recover(failure -> after.discard().transform(ignored -> Future.failedFuture(failure)))
          .compose(replaced -> {
            if (!replaced.reload().equals(next.reload())) {
              watch(next.reload());
            }
            before.closeReplaced(after);
            return checkHealth(next);
          });
    }
  }

  private Future<Ports> deploy(GatewayConfig config) {
    effectiveConfig = config;
    Observability watching = Observability.create(config, metricsRegistry, clocks.wall());
    observability = watching;
    watching.metrics().ifPresent(metrics -> metrics.bindComponents(config, readiness::isReady, this::components));
    SharedComponents components = new SharedComponents(vertx, config, clocks, watching);
    shared = components;
    return components.start().compose(started -> deployListeners(config, components));
  }

  private Future<Ports> deployListeners(GatewayConfig config, SharedComponents components) {
    PipelineFactory pipelines = new PipelineFactory(config, components, clocks);
    this.pipelines = pipelines;
    ServerConfig server = config.server();
    AdminVerticle admin = new AdminVerticle(config.admin(), readiness, () -> shared,
        () -> effectiveConfig.routes().table(), this::reload);
    components.observability().metrics().ifPresent(admin::serveMetrics);
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
        proxies.addAll(created);
        long distinct = created.stream().mapToInt(GatewayVerticle::port).distinct().count();
        return distinct == 1 ? watchCertificates(config.server(), created).map(created.get(0).port())
            : Future.failedFuture(new IllegalStateException("the proxy instances bound different ports"));
      }
    });
  }

  /** With TLS on, starts watching the certificate files for these proxy instances. */
  private Future<Void> watchCertificates(ServerConfig server, List<GatewayVerticle> proxies) {
    if (!server.tls().enabled()) {
      return Future.succeededFuture();
    }
    List<GatewayVerticle> instances = List.copyOf(proxies);
    CertificateReloader reloader = new CertificateReloader(vertx, server.tls(), server.http2(),
        () -> instances.stream().map(GatewayVerticle::httpServer).filter(Objects::nonNull).toList());
    certificates = reloader;
    return reloader.start();
  }

  private Future<String> remember(Future<String> deployment) {
    return deployment.onSuccess(id -> {
      synchronized (deployments) {
        deployments.push(id);
      }
    });
  }
}
