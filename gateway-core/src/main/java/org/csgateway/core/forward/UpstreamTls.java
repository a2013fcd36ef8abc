package org.csgateway.core.forward;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;

/**
 * How the gateway checks an https upstream's certificate: against the CAs of a PEM file, or the JVM's trust store
 * when there is none; the host name checked against the certificate unless told not to. Unused for an http upstream.
 *
 * @param caFile PEM certificates of the CAs (or the self-signed certificate) to trust; null for the JVM's trust store
 * @param verifyHost whether the certificate must name the upstream's host (turn off only for a certificate issued to
 *     another name, on a network you trust)
 */
public record UpstreamTls(Path caFile, boolean verifyHost) {

  /** The JVM's trust store, host names checked. */
  public static UpstreamTls defaults() {
    return new UpstreamTls(null, true);
  }

  /** Sets TLS on these client options: on when {@code ssl}, with this trust and host check. */
  HttpClientOptions applyTo(HttpClientOptions options, boolean ssl) {
    options.setSsl(ssl);
    if (!ssl) {
      return options;
    }
    options.setVerifyHost(verifyHost);
    if (caFile != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
    }
    return options;
  }
}
