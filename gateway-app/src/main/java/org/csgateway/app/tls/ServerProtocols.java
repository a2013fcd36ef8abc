package org.csgateway.app.tls;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;

/**
 * The protocols of the proxy listener, as Vert.x server options: with TLS, HTTP/2 offered through ALPN next to
 * HTTP/1.1; in cleartext, h2c (prior knowledge and the HTTP/1.1 {@code Upgrade}) next to HTTP/1.1 only when
 * {@code h2c} is also on (it is off by default: see {@code ServerConfig#h2c}); with {@code http2: false}, HTTP/1.1
 * only either way. The same ALPN settings go into the options a certificate reload
 * hands the running servers, so a reload never changes what is negotiated.
 */
public final class ServerProtocols {
  private ServerProtocols() {}

  /**
   * Sets TLS (from the configured files; Vert.x reads them when the server starts) and the HTTP versions on these
   * options.
   *
   * @param h2c whether a cleartext listener offers HTTP/2 too (only with {@code http2})
   * @return the same options
   */
  public static HttpServerOptions applyTo(HttpServerOptions options, boolean http2, boolean h2c,
      ServerTlsConfig tls) {
    options.setAlpnVersions(versions(http2));
    if (!tls.enabled()) {
      return options.setSsl(false).setUseAlpn(false).setHttp2ClearTextEnabled(http2 && h2c);
    }
    return options.setSsl(true)
        .setUseAlpn(http2)
        .setHttp2ClearTextEnabled(false)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(tls.certFile().toString())
            .setKeyPath(tls.keyFile().toString()));
  }

  /** What a running TLS listener gets when its certificate changes: this pair, the ALPN of {@link #applyTo}. */
  public static ServerSSLOptions sslOptions(PemKeyPair pair, boolean http2) {
    return new ServerSSLOptions().setKeyCertOptions(pair.keyCertOptions()).setUseAlpn(http2);
  }

  private static List<HttpVersion> versions(boolean http2) {
    return http2 ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1) : List.of(HttpVersion.HTTP_1_1);
  }
}
