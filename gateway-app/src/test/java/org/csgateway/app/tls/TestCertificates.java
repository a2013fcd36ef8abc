package org.csgateway.app.tls;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Certificates made in the test (no key material is committed): a fresh self-signed RSA certificate for
 * {@code localhost} per call, so two calls give two different certificates (different serial numbers).
 */
final class TestCertificates {
  private TestCertificates() {}

  /** A certificate file and its key file, and the certificate they hold. */
  record Pair(Path cert, Path key, X509Certificate certificate) {
    BigInteger serial() {
      return certificate.getSerialNumber();
    }

    /** Copies both files over these paths (replacing what a server is configured with). */
    void copyTo(Path certTarget, Path keyTarget) {
      copy(cert, certTarget);
      copy(key, keyTarget);
    }
  }

  /** A new pair written as {@code name.crt} and {@code name.key} in the directory. */
  static Pair generate(Path dir, String name) {
    SelfSignedCertificate generated = SelfSignedCertificate.create("localhost");
    try {
      Path cert = dir.resolve(name + ".crt");
      Path key = dir.resolve(name + ".key");
      copy(Path.of(generated.certificatePath()), cert);
      copy(Path.of(generated.privateKeyPath()), key);
      return new Pair(cert, key, parse(cert));
    } finally {
      generated.delete();
    }
  }

  static X509Certificate parse(Path cert) {
    try (InputStream in = Files.newInputStream(cert)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
