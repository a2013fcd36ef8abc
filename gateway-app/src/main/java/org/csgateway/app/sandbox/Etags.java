package org.csgateway.app.sandbox;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Rack::ETag's weak validator: {@code W/"<first 32 hex digits of the body's SHA-256>"}. */
final class Etags {
  private Etags() {}

  static String weak(Buffer body) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
    String hex = HexFormat.of().formatHex(sha256.digest(body.getBytes()));
    return "W/\"" + hex.substring(0, 32) + "\"";
  }
}
