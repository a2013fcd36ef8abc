package org.csgateway.app.config;

import java.net.URI;
import java.util.Objects;
import org.csgateway.core.contract.ErrorShapePolicy;
import org.csgateway.core.forward.UpstreamConfig;
import org.csgateway.core.routing.RoutingConfig;

/**
 * The whole configuration of one gateway, loaded from one YAML file by {@link GatewayConfigLoader}: every default
 * resolved, every value validated, immutable. Each part is the record of the module that uses it, wrapped with its
 * on/off switch where a feature can be left out of the pipeline.
 *
 * @param server the proxy listener
 * @param admin the admin listener
 * @param upstream the upstream (with the sandbox enabled, its url is the sandbox's address, see
 *     {@link #withUpstreamUrl})
 * @param protection the adaptive in-flight limit on the upstream ({@code upstream.protection})
 * @param routes the route table and what happens to requests outside it
 * @param sandbox whether the in-memory sandbox runs as the upstream
 * @param auth authentication and scope checks
 * @param versions API version negotiation
 * @param pagination page-size rules
 * @param errors error-body normalization
 * @param cors browser cross-origin rules
 * @param rateLimit client-facing rate limits and the failed-authentication budget
 * @param cache the per-caller response cache
 * @param health what readiness requires and how often it is checked
 * @param reload how the configuration file is watched
 * @param shutdown how a stop drains
 * @param metrics Prometheus metrics on the admin listener
 * @param accessLog the JSON access log
 */
public record GatewayConfig(
    ServerConfig server, AdminConfig admin, UpstreamConfig upstream, ProtectionSettings protection,
    RoutingConfig routes, SandboxConfig sandbox, AuthSettings auth, VersionSettings versions,
    PaginationSettings pagination, ErrorShapePolicy errors, CorsSettings cors, RateLimitSettings rateLimit,
    CacheSettings cache, HealthSettings health, ReloadSettings reload, ShutdownSettings shutdown,
    MetricsSettings metrics, AccessLogSettings accessLog) {

  public GatewayConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(protection, "protection");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(pagination, "pagination");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(cors, "cors");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(reload, "reload");
    Objects.requireNonNull(shutdown, "shutdown");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(accessLog, "accessLog");
  }

  /** The same configuration with another upstream URL, every other upstream setting kept (the sandbox's port). */
  public GatewayConfig withUpstreamUrl(URI url) {
    return new GatewayConfig(server, admin, upstream.withUrl(url), protection, routes, sandbox, auth, versions,
        pagination, errors, cors, rateLimit, cache, health, reload, shutdown, metrics, accessLog);
  }
}
