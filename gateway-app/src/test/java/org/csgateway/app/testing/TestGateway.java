package org.csgateway.app.testing;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import org.csgateway.app.Clocks;
import org.csgateway.app.GatewayApplication;
import org.csgateway.app.config.ConfigResources;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.config.GatewayConfigLoader;
import org.csgateway.app.sandbox.Sandbox;

/**
 * A whole gateway running in-process for a test, on free ports, normally in front of the sandbox. Start it on the
 * test thread ({@code TestGateway.start(vertx, TestGateway.SANDBOX_YAML)}), send requests with {@link #client()}
 * (aimed at the proxy port), read the sandbox's counters, and {@link #close()} it. To move time without sleeping,
 * start it with {@link Clocks} made from a {@link TestClock} ({@code TestGateway.start(vertx, yaml,
 * Clocks.of(clock))}): the gateway's caches and limiters and the sandbox's tokens then all read that clock.
 */
public final class TestGateway implements AutoCloseable {
  /** Loopback, free ports, one event loop, the sandbox as the upstream, the bundled route table. */
  public static final String SANDBOX_YAML = """
      server: {host: 127.0.0.1, port: 0, instances: 1}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      """;

  private final GatewayApplication application;
  private final GatewayApplication.Ports ports;
  private final WebClient client;
  private final WebClient admin;

  private TestGateway(Vertx vertx, GatewayApplication application, GatewayApplication.Ports ports) {
    this.application = application;
    this.ports = ports;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(ports.proxy()).setFollowRedirects(false));
    this.admin = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(ports.admin()));
  }

  /** Loads this configuration text (environment: none) and starts it on the system clocks; call on the test thread. */
  public static TestGateway start(Vertx vertx, String yaml) {
    return start(vertx, yaml, Clocks.system());
  }

  /** Loads this configuration text (environment: none) and starts it on these clocks; call on the test thread. */
  public static TestGateway start(Vertx vertx, String yaml, Clocks clocks) {
    return start(vertx, parse(yaml), clocks);
  }

  public static TestGateway start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, Clocks.system());
  }

  /** Starts this configuration on these clocks (the sandbox's token clock included); call on the test thread. */
  public static TestGateway start(Vertx vertx, GatewayConfig config, Clocks clocks) {
    GatewayApplication application = new GatewayApplication(vertx, clocks);
    GatewayApplication.Ports ports = application.start(config).await();
    return new TestGateway(vertx, application, ports);
  }

  /** Loads configuration text as the tests' gateways do: no environment, 2 cores, files relative to the cwd. */
  public static GatewayConfig parse(String yaml) {
    return new GatewayConfigLoader(name -> null, () -> 2)
        .parse(yaml, "test-config.yaml", new ConfigResources(Path.of("")));
  }

  public GatewayApplication application() {
    return application;
  }

  public GatewayApplication.Ports ports() {
    return ports;
  }

  /** A client whose default host and port are the proxy's. */
  public WebClient client() {
    return client;
  }

  /** A client whose default host and port are the admin listener's. */
  public WebClient admin() {
    return admin;
  }

  /** The proxy's base URL, http://127.0.0.1:PORT. */
  public String baseUrl() {
    return "http://127.0.0.1:" + ports.proxy();
  }

  /** The sandbox behind the gateway. */
  public Sandbox sandbox() {
    return application.sandbox().orElseThrow(() -> new IllegalStateException("no sandbox in this configuration"));
  }

  @Override
  public void close() {
    client.close();
    admin.close();
    application.stop().await();
  }
}
