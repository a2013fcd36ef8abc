package org.csgateway.app.config;

import java.net.URI;
import java.util.Objects;
import org.csgateway.app.tls.ServerTlsConfig;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.server.ServerLimits;

/**
 * The proxy listener.
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 * @param instances how many event-loop verticles serve it (already resolved: never 0)
 * @param publicBaseUrl the URL clients use to reach the gateway, for {@code Link} rewriting; null to derive it from
 *     each request (its Host, or trusted forwarding headers)
 * @param limits what a client may send
 * @param forwarded how forwarding headers are read and written
 * @param http2 whether HTTP/2 is offered next to HTTP/1.1: through ALPN with TLS, as h2c without
 * @param tls TLS termination, or {@link ServerTlsConfig#disabled()} for cleartext
 */
public record ServerConfig(
    String host, int port, int instances, URI publicBaseUrl, ServerLimits limits, ForwardedConfig forwarded,
    boolean http2, ServerTlsConfig tls) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(forwarded, "forwarded");
    Objects.requireNonNull(tls, "tls");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be positive, was " + instances);
    }
  }

  /** A cleartext listener offering h2c next to HTTP/1.1 (the defaults of {@code http2} and {@code tls}). */
  public ServerConfig(
      String host, int port, int instances, URI publicBaseUrl, ServerLimits limits, ForwardedConfig forwarded) {
    this(host, port, instances, publicBaseUrl, limits, forwarded, true, ServerTlsConfig.disabled());
  }
}
