package org.csgateway.core.ratelimit;

import java.util.Arrays;
import java.util.Base64;
import org.csgateway.core.identity.Sha256;
import org.csgateway.core.memo.RecentResults;

/**
 * Turns a caller's identity into the key a store sees: SHA-256, truncated to 128 bits, base64url. Identities are
 * not secrets, but they are personal data (addresses, user ids), so no store, log line or metric label gets them in
 * clear. Keys of up to 256 recent identities are remembered ({@link RecentResults}), so that a caller sending
 * request after request is hashed once, not per request. Thread-safe.
 */
public final class RateLimitKeys {
  private static final int KEY_BYTES = 16;

  private final RecentResults<String, String> remembered = new RecentResults<>(256, RateLimitKeys::digest);

  /** The 22-character store key for this identity. */
  public String hash(String identity) {
    return remembered.get(identity);
  }

  private static String digest(String identity) {
    byte[] full = Sha256.of(identity);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, KEY_BYTES));
  }
}
