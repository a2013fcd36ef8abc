package org.csgateway.app.logging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The access log's name for a principal: the first 16 hex digits (64 bits) of the SHA-256 of its id, so that lines
 * of one caller can be grouped without the log naming the caller. A bounded memory of recent ids spares a digest per
 * request of a busy caller. Thread-safe.
 */
final class PrincipalHashes {
  private static final int REMEMBERED = 10_000;

  private final Cache<String, String> recent = Caffeine.newBuilder()
      .maximumSize(REMEMBERED)
      .executor(Runnable::run)
      .build();

  String of(String principalId) {
    return principalId == null ? null : recent.get(principalId, PrincipalHashes::digest);
  }

  static String digest(String principalId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(principalId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
