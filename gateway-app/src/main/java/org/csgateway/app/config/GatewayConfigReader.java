package org.csgateway.app.config;

import java.net.URI;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.routing.RoutingConfig;

/**
 * Which sections the configuration file has, and how they make a {@link GatewayConfig}. To add a section: write its
 * {@link SectionParser} (a small class next to the others), read it here with {@code root.section("name", parser)}
 * and add its record to {@link GatewayConfig}. Keys of a section nobody reads are reported as unknown.
 */
final class GatewayConfigReader {
  private final ConfigResources resources;
  private final IntSupplier cores;

  GatewayConfigReader(ConfigResources resources, IntSupplier cores) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.cores = Objects.requireNonNull(cores, "cores");
  }

  GatewayConfig read(ConfigNode root) {
    SandboxConfig sandbox = root.section("sandbox", new SandboxSection());
    ServerConfig server = root.section("server", new ServerSection(cores));
    AdminConfig admin = root.section("admin", new AdminSection());
    UpstreamConfig upstream = root.section("upstream", new UpstreamSection(sandboxUrl(sandbox)));
    RoutingConfig routes = root.section("routes", new RoutesSection(resources));
    return root.construct(() -> new GatewayConfig(server, admin, upstream, routes, sandbox));
  }

  /** The sandbox's address when it is the upstream; its port is replaced by the bound one at start when 0. */
  private static URI sandboxUrl(SandboxConfig sandbox) {
    if (sandbox == null || !sandbox.enabled()) {
      return null;
    }
    String host = sandbox.options().host();
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + literal + ":" + sandbox.options().port());
  }
}
