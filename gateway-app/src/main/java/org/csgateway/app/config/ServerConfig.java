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
 * @param http2 whether HTTP/2 is offered next to HTTP/1.1: through ALPN with TLS, as h2c without (if {@code h2c})
 * @param h2c whether a cleartext listener offers HTTP/2 (prior knowledge and {@code Upgrade: h2c}). Off by default,
 *     for two reasons. Vert.x 5.0 then hands over each HTTP/1.x connection before its first request head is read,
 *     which the time limit on request heads (slowloris) and the refusal of {@code Content-Length} with
 *     {@code Transfer-Encoding} need ({@code EdgeConnections}); with h2c on, both are lost in cleartext. And an h2c
 *     {@code Upgrade} forwarded by a proxy in front lets a client tunnel past that proxy's rules (h2c smuggling).
 *     Browsers never speak h2c; HTTP/2 for them comes through TLS, which this flag does not touch.
 * @param transport how the process's event loops reach sockets ({@link IoTransport}); read at start, as Vert.x is
 *     built on it
 * @param tls TLS termination, or {@link ServerTlsConfig#disabled()} for cleartext
 */
public record ServerConfig(
    String host, int port, int instances, URI publicBaseUrl, ServerLimits limits, ForwardedConfig forwarded,
    boolean http2, boolean h2c, IoTransport transport, ServerTlsConfig tls) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(forwarded, "forwarded");
    Objects.requireNonNull(transport, "transport");
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

  /** A cleartext HTTP/1.1 listener (the defaults of {@code http2}, {@code h2c}, {@code transport} and {@code tls}). */
  public ServerConfig(
      String host, int port, int instances, URI publicBaseUrl, ServerLimits limits, ForwardedConfig forwarded) {
    this(host, port, instances, publicBaseUrl, limits, forwarded, true, false, IoTransport.AUTO,
        ServerTlsConfig.disabled());
  }
}
