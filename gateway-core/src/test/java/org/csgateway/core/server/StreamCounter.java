package org.csgateway.core.server;

import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32;

/** Counts the bytes of a stream and their CRC-32 as they pass, keeping none of them. */
public final class StreamCounter {
  private final CRC32 crc = new CRC32();
  private long bytes;

  public void add(Buffer chunk) {
    bytes += chunk.length();
    crc.update(chunk.getBytes());
  }

  public long bytes() {
    return bytes;
  }

  public long crc() {
    return crc.getValue();
  }
}
