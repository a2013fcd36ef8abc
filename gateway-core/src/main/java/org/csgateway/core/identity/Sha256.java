package org.csgateway.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 for what must not be kept, logged or used as a key in clear (tokens, credentials, caller identities, cache
 * key material). Each digest is a clone of one prototype that is never updated itself: a clone costs far less than
 * a provider lookup, which the request path would otherwise pay several times per request. Thread-safe.
 */
public final class Sha256 {
  private static final MessageDigest PROTOTYPE = lookup();

  private Sha256() {}

  /** A fresh digest, for material fed in several parts. */
  public static MessageDigest newDigest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 provider cannot clone its digest", e);
    }
  }

  /** The digest of a string's UTF-8 bytes. */
  public static byte[] of(String value) {
    return newDigest().digest(value.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of a string's UTF-8 bytes as 64 lower-case hex digits. */
  public static String hex(String value) {
    return HexFormat.of().formatHex(of(value));
  }

  private static MessageDigest lookup() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
