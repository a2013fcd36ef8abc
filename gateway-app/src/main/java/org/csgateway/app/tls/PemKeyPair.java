package org.csgateway.app.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A PEM certificate chain and its private key that parse, and whose key belongs to the leaf certificate: what the
 * proxy listener may serve. Made only by {@link #parse}, which reads them the way Vert.x will (so what passes here
 * is what the server accepts) and says which of the two is wrong when one is. Pure computation, no I/O except
 * {@link #read}; safe on an event loop.
 */
public final class PemKeyPair {
  /** Which file of the pair a problem is in. */
  public enum Part { CERTIFICATE, KEY }

  /** Why a pair cannot be served, and which file is at fault. */
  public static final class InvalidPairException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Part part;

    InvalidPairException(Part part, String message) {
      super(message, null, false, false);
      this.part = part;
    }

    public Part part() {
      return part;
    }
  }

  private final Buffer certificate;
  private final Buffer key;
  private final X509Certificate leaf;

  private PemKeyPair(Buffer certificate, Buffer key, X509Certificate leaf) {
    this.certificate = certificate;
    this.key = key;
    this.leaf = leaf;
  }

  /**
   * Reads both files (blocking: configuration validation only, never on an event loop) and parses them.
   *
   * @throws InvalidPairException naming the file that is missing, unreadable or wrong
   */
  public static PemKeyPair read(Path certFile, Path keyFile) throws InvalidPairException {
    Buffer certificate = readFile(Part.CERTIFICATE, certFile);
    Buffer key = readFile(Part.KEY, keyFile);
    return parse(certificate, key);
  }

  /**
   * @param certificate the PEM certificate chain, leaf first
   * @param key the PEM private key of the leaf
   * @throws InvalidPairException when either does not parse or the key is not the leaf's
   */
  public static PemKeyPair parse(Buffer certificate, Buffer key) throws InvalidPairException {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    X509Certificate leaf = leafOf(certificate);
    PrivateKey privateKey = privateKeyOf(certificate, key);
    if (privateKey != null && !belongsTo(privateKey, leaf.getPublicKey())) {
      throw new InvalidPairException(Part.KEY, "is not the private key of the certificate "
          + describe(leaf) + " (a key and certificate from different pairs?)");
    }
    return new PemKeyPair(certificate.copy(), key.copy(), leaf);
  }

  /** The pair as Vert.x key material, carried by value so that a changed pair makes different options. */
  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().setCertValue(certificate.copy()).setKeyValue(key.copy());
  }

  /** The certificate presented to clients (the first of the chain). */
  public X509Certificate leaf() {
    return leaf;
  }

  /** Whether these are the same bytes as the files just read (nothing changed on disk). */
  public boolean sameContent(Buffer certificateContent, Buffer keyContent) {
    return certificate.equals(certificateContent) && key.equals(keyContent);
  }

  /** For logs: subject, serial number and expiry of the leaf; never any key material. */
  public String describe() {
    return describe(leaf);
  }

  private static String describe(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "' (serial "
        + certificate.getSerialNumber().toString(16) + ", valid until " + certificate.getNotAfter().toInstant() + ")";
  }

  private static Buffer readFile(Part part, Path file) throws InvalidPairException {
    try {
      return PemFiles.read(Objects.requireNonNull(file, "file"));
    } catch (IllegalArgumentException e) {
      throw new InvalidPairException(part, e.getMessage());
    }
  }

  private static X509Certificate leafOf(Buffer certificate) throws InvalidPairException {
    try {
      return PemFiles.certificates(certificate).get(0);
    } catch (IllegalArgumentException e) {
      throw new InvalidPairException(Part.CERTIFICATE, e.getMessage());
    }
  }

  /** The key as Vert.x loads it; null when the key manager does not expose it (the match is then not checked). */
  private static PrivateKey privateKeyOf(Buffer certificate, Buffer key) throws InvalidPairException {
    PemKeyCertOptions options = new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key);
    try {
      // With values instead of paths Vert.x needs no Vertx (no file resolution) and does no I/O.
      String alias = options.loadKeyStore(null).aliases().nextElement();
      for (KeyManager manager : options.getKeyManagerFactory(null).getKeyManagers()) {
        if (manager instanceof X509KeyManager x509) {
          return x509.getPrivateKey(alias);
        }
      }
      return null;
    } catch (Exception e) {
      throw new InvalidPairException(Part.KEY, "is not a PEM private key (PKCS#8, or PKCS#1 for RSA): "
          + e.getMessage());
    }
  }

  private static boolean belongsTo(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = signatureFor(privateKey.getAlgorithm());
    if (algorithm == null) {
      return true; // an algorithm we cannot sign with here: Vert.x accepted the key, leave the match unchecked
    }
    try {
      byte[] probe = "csgateway key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an EC key with an RSA certificate: the verifier refuses the other kind of key
    }
  }

  private static String signatureFor(String keyAlgorithm) {
    return switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "DSA" -> "SHA256withDSA";
      case "EDDSA", "ED25519", "ED448" -> "EdDSA";
      default -> null;
    };
  }
}
