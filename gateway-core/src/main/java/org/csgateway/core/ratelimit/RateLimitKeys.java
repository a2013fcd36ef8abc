package org.csgateway.core.ratelimit;

import java.util.Arrays;
import java.util.Base64;
import org.csgateway.core.identity.Sha256;

/**
 * Turns a caller's identity into the key a store sees: SHA-256, truncated to 128 bits, base64url. Identities are
 * not secrets, but they are personal data (addresses, user ids), so no store, log line or metric label gets them in
 * clear. The last identity of each of 256 slots (chosen by the identity's hash) is remembered with its key, so that
 * a caller sending request after request is hashed once, not per request; a slot another identity takes over is
 * hashed again, and racing threads at worst hash twice. Thread-safe.
 */
public final class RateLimitKeys {
  private static final int KEY_BYTES = 16;
  private static final int REMEMBERED = 256; // a power of two

  /** An identity and its key: immutable, so a slot read without a lock sees a whole pair or another pair. */
  private record Remembered(String identity, String key) {}

  private final Remembered[] remembered = new Remembered[REMEMBERED];

  /** The 22-character store key for this identity. */
  public String hash(String identity) {
    int slot = identity.hashCode() & (remembered.length - 1);
    Remembered last = remembered[slot];
    if (last != null && last.identity().equals(identity)) {
      return last.key();
    }
    String key = digest(identity);
    remembered[slot] = new Remembered(identity, key);
    return key;
  }

  private static String digest(String identity) {
    byte[] full = Sha256.of(identity);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, KEY_BYTES));
  }
}
