package org.csgateway.app.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** Validates a PEM file of CA certificates (an upstream's {@code caFile}) the way the configuration needs it. */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /**
   * Reads and parses the file (blocking: configuration validation only).
   *
   * @return its certificates, in file order
   * @throws IllegalArgumentException saying why the file cannot serve as trust
   */
  public static List<X509Certificate> read(Path caFile) {
    return PemFiles.certificates(PemFiles.read(caFile));
  }
}
