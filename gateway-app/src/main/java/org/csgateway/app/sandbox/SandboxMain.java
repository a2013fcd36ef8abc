package org.csgateway.app.sandbox;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs a sandbox on its own, for the benchmark and manual tries:
 * {@code java -cp gateway-app/target/gateway.jar org.csgateway.app.sandbox.SandboxMain --port 9000}. Options:
 * {@code --host H} (default 127.0.0.1), {@code --port N} (default 9000; 0 = any), {@code --instances N} event
 * loops (default 1), {@code --record N} requests kept for {@code GET /_sandbox/requests} (default 0, for speed),
 * {@code --token-lifetime SECONDS} (default 7200).
 */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) {
    SandboxOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sandbox: " + e.getMessage());
      System.err.println("usage: SandboxMain [--host H] [--port N] [--instances N] [--record N]"
          + " [--token-lifetime SECONDS]");
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = new Sandbox(vertx, options);
    try {
      int port = sandbox.start().await();
      printBanner(System.out, options.host(), port);
    } catch (Exception e) {
      System.err.println("sandbox: cannot start: " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sandbox.stop().compose(v -> vertx.close()).await();
      } catch (Exception ignored) {
        // the JVM is exiting anyway
      }
    }, "sandbox-shutdown"));
  }

  static SandboxOptions parse(String[] args) {
    SandboxOptions options = SandboxOptions.defaults().withPort(9000).withRecordedRequests(0);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      String value = args[++i];
      options = switch (name) {
        case "--host" -> options.withHost(value);
        case "--port" -> options.withPort(integer(name, value));
        case "--instances" -> options.withInstances(integer(name, value));
        case "--record" -> options.withRecordedRequests(integer(name, value));
        case "--token-lifetime" -> options.withTokenLifetime(Duration.ofSeconds(integer(name, value)));
        default -> throw new IllegalArgumentException("unknown option " + name);
      };
    }
    return options;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
    }
  }

  /** Prints where the sandbox listens and its fixed demo identities (they are public test fixtures). */
  public static void printBanner(PrintStream out, String host, int port) {
    out.println("ComputeStacks sandbox listening on http://" + host + ":" + port);
    out.println("  Basic API credentials: " + SandboxIdentities.DEMO_API_KEY + " / "
        + SandboxIdentities.DEMO_API_SECRET + " (user demo), " + SandboxIdentities.OTHER_API_KEY + " / "
        + SandboxIdentities.OTHER_API_SECRET + ", " + SandboxIdentities.ADMIN_API_KEY + " / "
        + SandboxIdentities.ADMIN_API_SECRET + " (admin)");
    out.println("  OAuth clients: " + SandboxIdentities.DEMO_CLIENT_ID + " / " + SandboxIdentities.DEMO_CLIENT_SECRET
        + ", " + SandboxIdentities.OTHER_CLIENT_ID + " / " + SandboxIdentities.OTHER_CLIENT_SECRET);
  }
}
