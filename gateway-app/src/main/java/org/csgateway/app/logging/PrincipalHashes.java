package org.csgateway.app.logging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HexFormat;
import org.csgateway.core.identity.Sha256;

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
    return HexFormat.of().formatHex(Sha256.of(principalId), 0, 8);
  }
}
