package org.csgateway.app.config;

import java.net.URI;
import java.util.Objects;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.routing.RoutingConfig;

/**
 * The whole configuration of one gateway, loaded from one YAML file by {@link GatewayConfigLoader}: every default
 * resolved, every value validated, immutable. Each part is the record of the module that uses it.
 *
 * @param server the proxy listener
 * @param admin the admin listener
 * @param upstream the upstream (with the sandbox enabled, its url is the sandbox's address, see
 *     {@link #withUpstreamUrl})
 * @param routes the route table and what happens to requests outside it
 * @param sandbox whether the in-memory sandbox runs as the upstream
 */
public record GatewayConfig(
    ServerConfig server, AdminConfig admin, UpstreamConfig upstream, RoutingConfig routes, SandboxConfig sandbox) {

  public GatewayConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(sandbox, "sandbox");
  }

  /** The same configuration with another upstream URL, every other upstream setting kept (the sandbox's port). */
  public GatewayConfig withUpstreamUrl(URI url) {
    UpstreamConfig u = upstream;
    return new GatewayConfig(server, admin,
        new UpstreamConfig(url, u.poolSize(), u.connectTimeout(), u.responseTimeout(), u.preserveHost(), u.retry()),
        routes, sandbox);
  }
}
