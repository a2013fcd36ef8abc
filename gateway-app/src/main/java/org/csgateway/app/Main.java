package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.csgateway.app.config.ConfigError;
import org.csgateway.app.config.ConfigException;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.GatewayConfigLoader;

/**
 * The command line: {@code java -jar gateway.jar [--config PATH] [--validate]}. Without {@code --config} it runs the
 * bundled configuration (the gateway in front of the sandbox). {@code --validate} only checks the file and prints
 * every error, or "OK". An invalid configuration at start prints every error and exits non-zero. Output streams and
 * the loader are injected, and {@link #run} returns the exit code instead of exiting, so tests run it in-process.
 */
public final class Main {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;
  static final int FAILED = 3;
  private static final String USAGE_TEXT = "usage: java -jar gateway.jar [--config PATH] [--validate]";

  private final PrintStream out;
  private final PrintStream err;
  private final GatewayConfigLoader loader;
  private Vertx vertx;
  private GatewayApplication application;

  public Main(PrintStream out, PrintStream err, GatewayConfigLoader loader) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  public static void main(String[] args) {
    Main main = new Main(System.out, System.err, GatewayConfigLoader.forThisProcess());
    int code = main.run(args);
    if (code != OK) {
      System.exit(code);
    }
    if (main.application().isPresent()) {
      // SIGTERM and Ctrl-C: undeploy cleanly (a graceful drain comes with the operations work).
      Runtime.getRuntime().addShutdownHook(new Thread(main::stopQuietly, "csgateway-shutdown"));
    }
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
    return start(config);
  }

  private int start(GatewayConfig config) {
    vertx = Vertx.vertx();
    application = new GatewayApplication(vertx);
    try {
      GatewayApplication.Ports ports = application.start(config).await(60, TimeUnit.SECONDS);
      new StartupBanner(out).print(application.config(), ports);
      return OK;
    } catch (Exception e) {
      err.println("csgateway failed to start: " + e.getMessage());
      vertx.close().await();
      application = null;
      return FAILED;
    }
  }

  /** The running gateway after a successful start. */
  public Optional<GatewayApplication> application() {
    return Optional.ofNullable(application);
  }

  /** Stops the gateway started by {@link #run} and its Vert.x instance. */
  public Future<Void> stop() {
    if (application == null) {
      return Future.succeededFuture();
    }
    GatewayApplication running = application;
    application = null;
    return running.stop().eventually(() -> vertx.close());
  }

  private void stopQuietly() {
    try {
      stop().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("csgateway: shutdown did not complete: " + e.getMessage());
    }
  }
}
