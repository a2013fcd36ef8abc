package org.csgateway.app;

import java.io.PrintStream;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.sandbox.SandboxIdentities;

/**
 * What the gateway prints when it has started: where it listens, and with the sandbox its demo credentials and two
 * curl commands to try. The last line, {@code csgateway listening proxy=PORT admin=PORT}, is for scripts.
 */
final class StartupBanner {
  private final PrintStream out;

  StartupBanner(PrintStream out) {
    this.out = out;
  }

  /** @param transport the name of the I/O transport Vert.x runs on */
  void print(GatewayConfig config, GatewayApplication.Ports ports, String transport) {
    String proxyHost = displayHost(config.server().host());
    String base = "http://" + proxyHost + ":" + ports.proxy();
    out.println("csgateway started");
    out.println("  proxy     " + base + "  (" + config.server().instances() + " event-loop instance(s) on "
        + transport + ")");
    out.println("  admin     http://" + displayHost(config.admin().host()) + ":" + ports.admin()
        + "/health/ready");
    out.println("  upstream  " + config.upstream().url() + (ports.sandbox() >= 0 ? "  (the built-in sandbox)" : ""));
    if (ports.sandbox() >= 0) {
      out.println();
      out.println("Sandbox demo identities:");
      out.println("  API credentials (Basic): " + SandboxIdentities.DEMO_API_KEY + " / "
          + SandboxIdentities.DEMO_API_SECRET);
      out.println("  OAuth client:            " + SandboxIdentities.DEMO_CLIENT_ID + " / "
          + SandboxIdentities.DEMO_CLIENT_SECRET);
      out.println();
      out.println("Try:");
      out.println("  curl -i -u " + SandboxIdentities.DEMO_API_KEY + ":" + SandboxIdentities.DEMO_API_SECRET
          + " '" + base + "/api/projects?per_page=5'");
      out.println("  curl -s -u " + SandboxIdentities.DEMO_CLIENT_ID + ":" + SandboxIdentities.DEMO_CLIENT_SECRET
          + " -d grant_type=password -d username=" + SandboxIdentities.DEMO_API_KEY + " -d password="
          + SandboxIdentities.DEMO_API_SECRET + " -d scope=project_read " + base + "/api/oauth/token");
    }
    out.println();
    out.println("csgateway listening proxy=" + ports.proxy() + " admin=" + ports.admin());
    out.flush();
  }

  /** A wildcard bind address is reached through localhost. */
  private static String displayHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
