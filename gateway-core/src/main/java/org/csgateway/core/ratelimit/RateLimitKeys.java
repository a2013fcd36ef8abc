package org.csgateway.core.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns a caller's identity into the key a store sees: SHA-256, truncated to 128 bits, base64url. Identities are
 * not secrets, but they are personal data (addresses, user ids), so no store, log line or metric label gets them in
 * clear. Thread-safe.
 */
public final class RateLimitKeys {
  private static final int KEY_BYTES = 16;
  private final MessageDigest prototype;

  public RateLimitKeys() {
    try {
      this.prototype = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The 22-character store key for this identity. */
  public String hash(String identity) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
    byte[] full = digest.digest(identity.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, KEY_BYTES));
  }
}
