package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.csgateway.app.config.ConfigError;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.config.MetricsSettings;
import org.csgateway.app.logging.AccessLogOutput;
import org.csgateway.app.metrics.VertxMetrics;
import org.csgateway.app.lifecycle.ConfigSource;
import org.csgateway.app.lifecycle.EventLoopWatchdog;
import org.csgateway.app.lifecycle.SignalTraps;

/**
 * The command line: {@code java -jar gateway.jar [--config PATH] [--validate]}. Without {@code --config} it runs the
 * bundled configuration (the gateway in front of the sandbox). {@code --validate} only checks the file and prints
 * every error, or "OK". An invalid configuration at start prints every error and exits non-zero. Output streams and
 * the loader are injected, and {@link #run} returns the exit code instead of exiting, so tests run it in-process.
 *
 * <p>Signals: {@code SIGHUP} reloads the configuration file; {@code SIGTERM} (and {@code SIGINT}) drain gracefully
 * ({@link GatewayApplication#shutdown()}) and exit 0. Where the runtime cannot trap signals, a shutdown hook still
 * drains on SIGTERM (the JVM then chooses the exit code) and the admin endpoint still reloads.
 */
public final class Main {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;
  static final int FAILED = 3;
  private static final Logger LOG = System.getLogger(Main.class.getName());
  private static final String VERTX_CONTEXT_TIMINGS = "vertx.disableContextTimings";
  /** As long as Vert.x lets an event loop task run before its blocked-thread checker warns. */
  private static final Duration EVENT_LOOP_LIMIT = Duration.ofSeconds(2);
  private static final String USAGE_TEXT = "usage: java -jar gateway.jar [--config PATH] [--validate]";

  private final PrintStream out;
  private final PrintStream err;
  private final GatewayConfigLoader loader;
  private Vertx vertx;
  private EventLoopWatchdog watchdog;
  private volatile GatewayApplication application;
  private Future<Void> stopped;

  public Main(PrintStream out, PrintStream err, GatewayConfigLoader loader) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  public static void main(String[] args) {
    disableVertxDispatchTimings();
    Main main = new Main(System.out, System.err, GatewayConfigLoader.forThisProcess());
    int code = main.run(args);
    if (code != OK) {
      System.exit(code);
    }
    if (main.application().isPresent()) {
      main.trapSignals(new SignalTraps());
      Runtime.getRuntime().addShutdownHook(new Thread(main::stopQuietly, "csgateway-shutdown"));
    }
  }

  /**
   * Vert.x reads the clock at the start of every outermost task an event loop dispatches, only for its blocked-thread
   * checker; off, the full pipeline ran 2.5-3.6% faster (alternating pairs, README "Performance"), and
   * {@link EventLoopWatchdog} reports blocked event loops instead. Vert.x reads the property once, when its context
   * class loads, so it is set before anything touches Vert.x; one given on the command line wins.
   */
  static void disableVertxDispatchTimings() {
    if (System.getProperty(VERTX_CONTEXT_TIMINGS) == null) {
      System.setProperty(VERTX_CONTEXT_TIMINGS, "true");
    }
  }

  /**
   * SIGHUP reloads; SIGTERM and SIGINT drain, then exit 0. The drain runs on its own thread: the JVM's signal
   * thread must not wait.
   */
  void trapSignals(SignalTraps traps) {
    traps.trap("HUP", () -> application().ifPresent(running -> running.reload()));
    Runnable drainAndExit = () -> new Thread(() -> {
      stopQuietly();
      System.exit(OK);
    }, "csgateway-drain").start();
    traps.trap("TERM", drainAndExit);
    traps.trap("INT", drainAndExit);
  }

  /**
   * Runs the command: validates, or starts the gateway and returns once it listens (the Vert.x threads keep the
   * process alive).
   *
   * @return the exit code: 0 OK or started, 1 invalid configuration, 2 bad arguments, 3 failed to start
   */
  public int run(String... args) {
    String location = GatewayConfigLoader.BUNDLED;
    boolean validateOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--validate" -> validateOnly = true;
        case "--config" -> {
          if (i + 1 == args.length) {
            err.println("--config needs a file path\n" + USAGE_TEXT);
            return USAGE;
          }
          location = args[++i];
        }
        case "--help", "-h" -> {
          out.println(USAGE_TEXT);
          return OK;
        }
        default -> {
          err.println("unknown argument '" + args[i] + "'\n" + USAGE_TEXT);
          return USAGE;
        }
      }
    }
    GatewayConfig config;
    try {
      config = loader.load(location);
    } catch (ConfigException e) {
      err.println(location + ": " + e.errors().size() + " configuration error(s):");
      for (ConfigError error : e.errors()) {
        err.println("  " + error);
      }
      return INVALID;
    }
    if (validateOnly) {
      out.println("OK: " + location + " is valid");
      return OK;
    }
    if (config.accessLog().enabled()) {
      AccessLogOutput.toStandardOutputUnlessConfigured();
    }
    return start(new ConfigSource(loader, location), config);
  }

  private int start(ConfigSource source, GatewayConfig config) {
    Transport transport;
    try {
      transport = GatewayVertx.transport(config.server().transport());
    } catch (IllegalStateException e) {
      err.println("csgateway failed to start: " + e.getMessage());
      return FAILED;
    }
    String passedOver = GatewayVertx.passedOver(config.server().transport(), transport);
    if (!passedOver.isEmpty()) {
      LOG.log(Level.INFO, "server.transport auto: running on " + transport.name() + ", passed over " + passedOver);
    }
    MetricsSettings metrics = config.metrics();
    PrometheusMeterRegistry metricsRegistry = metrics.enabled() ? VertxMetrics.newRegistry() : null;
    vertx = GatewayVertx.create(transport, metricsRegistry, metrics.vertxHttp());
    watchdog = new EventLoopWatchdog(GatewayVertx.eventLoops(vertx), EVENT_LOOP_LIMIT).start(Duration.ofSeconds(1));
    application = new GatewayApplication(vertx);
    if (metricsRegistry != null) {
      application.useMetricsRegistry(metricsRegistry); // the one Vert.x reports into
    }
    try {
      GatewayApplication.Ports ports = application.start(source).await(60, TimeUnit.SECONDS);
      new StartupBanner(out).print(application.config(), ports, transport.name());
      return OK;
    } catch (Exception e) {
      err.println("csgateway failed to start: " + e.getMessage());
      closeVertx().await();
      application = null;
      return FAILED;
    }
  }

  /** The running gateway after a successful start. */
  public Optional<GatewayApplication> application() {
    return Optional.ofNullable(application);
  }

  /**
   * Drains and stops the gateway started by {@link #run} (see {@link GatewayApplication#shutdown()}), then closes its
   * Vert.x instance. Calling it again returns the same future.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      GatewayApplication running = application;
      if (running == null) {
        stopped = Future.succeededFuture();
      } else {
        // A promise of no context: the drain's future belongs to an event loop, and a result chained to it would be
        // handed back to that event loop after Vert.x has terminated it.
        Promise<Void> closed = Promise.promise();
        running.shutdown().onComplete(drained -> closeVertx().onComplete(closed));
        stopped = closed.future();
      }
    }
    return stopped;
  }

  /** Closes Vert.x and, first, the watchdog of its event loops, whose thread would otherwise outlive them. */
  private Future<Void> closeVertx() {
    watchdog.close();
    return vertx.close();
  }

  private void stopQuietly() {
    Duration bound = application().map(running -> running.config())
        .map(config -> config.shutdown().drainDelay().plus(config.shutdown().drainTimeout()))
        .orElse(Duration.ZERO).plusSeconds(10);
    try {
      stop().await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      err.println("csgateway: shutdown did not complete: " + e.getMessage());
    }
  }
}
