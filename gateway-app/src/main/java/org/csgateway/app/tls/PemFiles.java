package org.csgateway.app.tls;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reading PEM files at configuration time, with messages that say what is wrong with the file. */
final class PemFiles {
  private PemFiles() {}

  /**
   * The file's bytes (blocking: configuration validation only).
   *
   * @throws IllegalArgumentException when it does not exist, is not a file or cannot be read
   */
  static Buffer read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("file '" + file + "' does not exist or is not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("file '" + file + "' is not readable by this process");
    }
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("file '" + file + "' cannot be read: " + e.getMessage());
    }
  }

  /**
   * The X.509 certificates of a PEM text, in order.
   *
   * @throws IllegalArgumentException when it holds none or one does not parse
   */
  static List<X509Certificate> certificates(Buffer pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      for (Certificate certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes()))) {
        if (certificate instanceof X509Certificate x509) {
          certificates.add(x509);
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("is not a PEM X.509 certificate list: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("holds no PEM X.509 certificate");
    }
    return certificates;
  }
}
