package org.csgateway.app.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * TLS termination on the proxy listener ({@code server.tls}): where the PEM certificate chain and key are, and how
 * often they are checked for change. Disabled means cleartext, and then the files are null.
 *
 * @param enabled whether the listener speaks TLS
 * @param certFile the PEM certificate chain, leaf first
 * @param keyFile the PEM private key (PKCS#8, or PKCS#1 for RSA)
 * @param reloadCheck how often the files are read again to pick up a renewed certificate; zero never
 */
public record ServerTlsConfig(boolean enabled, Path certFile, Path keyFile, Duration reloadCheck) {
  /** The default interval between two checks of the files. */
  public static final Duration DEFAULT_RELOAD_CHECK = Duration.ofSeconds(10);

  public ServerTlsConfig {
    Objects.requireNonNull(reloadCheck, "reloadCheck");
    if (reloadCheck.isNegative()) {
      throw new IllegalArgumentException("reloadCheck must not be negative, was " + reloadCheck);
    }
    if (enabled) {
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
    }
  }

  /** Cleartext. */
  public static ServerTlsConfig disabled() {
    return new ServerTlsConfig(false, null, null, DEFAULT_RELOAD_CHECK);
  }

  /** TLS from these files, checked every {@link #DEFAULT_RELOAD_CHECK}. */
  public static ServerTlsConfig of(Path certFile, Path keyFile) {
    return new ServerTlsConfig(true, certFile, keyFile, DEFAULT_RELOAD_CHECK);
  }

  /** Whether the files are checked for change at all. */
  public boolean reloads() {
    return enabled && !reloadCheck.isZero();
  }
}
