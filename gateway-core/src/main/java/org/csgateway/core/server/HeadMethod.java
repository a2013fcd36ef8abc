package org.csgateway.core.server;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The method of a request head that never arrived whole ({@link HeadTimeout}), read from the head's first eight
 * bytes, kept packed in a long so that remembering them costs no allocation on every head: one of the nine
 * standard methods when they start with its name and a space, else {@code OTHER} (also the metrics' label for any
 * other token).
 */
final class HeadMethod {
  static final String OTHER = "OTHER";
  private static final List<String> STANDARD =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private HeadMethod() {}

  /** Up to the first eight readable bytes, big-endian, zero-padded; the buffer is left as it was. */
  static long firstBytes(ByteBuf bytes) {
    int index = bytes.readerIndex();
    if (bytes.readableBytes() >= Long.BYTES) {
      return bytes.getLong(index);
    }
    long packed = 0;
    for (int i = 0; i < bytes.readableBytes(); i++) {
      packed |= (bytes.getByte(index + i) & 0xFFL) << (Long.SIZE - Byte.SIZE * (i + 1));
    }
    return packed;
  }

  /** The standard method these first bytes start with (followed by a space), or {@link #OTHER}. */
  static String of(long firstBytes) {
    StringBuilder token = new StringBuilder(Long.BYTES);
    for (int i = 0; i < Long.BYTES; i++) {
      char c = (char) ((firstBytes >>> (Long.SIZE - Byte.SIZE * (i + 1))) & 0xFF);
      if (c == ' ') {
        String method = token.toString();
        return STANDARD.contains(method) ? method : OTHER;
      }
      token.append(c);
    }
    return OTHER;
  }
}
