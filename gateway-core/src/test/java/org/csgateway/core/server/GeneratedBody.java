package org.csgateway.core.server;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.zip.CRC32;

/**
 * A body of any size made up as it is read, honouring backpressure: byte {@code p} of the stream is
 * {@code p % 251}. Nothing is kept but a small pattern, so it can stand for bodies far larger than the heap. Emits
 * on its context, a few chunks per turn of the event loop.
 */
public final class GeneratedBody implements ReadStream<Buffer> {
  private static final int CHUNK = 64 * 1024;
  private static final int BATCH = 16;
  private static final byte[] PATTERN = new byte[CHUNK + 251];

  static {
    for (int i = 0; i < PATTERN.length; i++) {
      PATTERN[i] = (byte) (i % 251);
    }
  }

  private final Context context;
  private final long size;
  private final CRC32 crc = new CRC32();
  private long produced;
  private long demand = Long.MAX_VALUE;
  private boolean scheduled;
  private boolean ended;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  public GeneratedBody(Context context, long size) {
    this.context = context;
    this.size = size;
  }

  /** The CRC-32 of the whole body, computed without emitting it. */
  public long crcOfWhole() {
    CRC32 whole = new CRC32();
    for (long offset = 0; offset < size; offset += CHUNK) {
      whole.update(PATTERN, (int) (offset % 251), (int) Math.min(CHUNK, size - offset));
    }
    return whole.getValue();
  }

  /** The CRC-32 of what was emitted so far. */
  public long crc() {
    return crc.getValue();
  }

  @Override
  public GeneratedBody handler(Handler<Buffer> handler) {
    this.handler = handler;
    schedule();
    return this;
  }

  @Override
  public GeneratedBody pause() {
    demand = 0;
    return this;
  }

  @Override
  public GeneratedBody resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public GeneratedBody fetch(long amount) {
    demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public GeneratedBody endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public GeneratedBody exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  private void schedule() {
    if (!scheduled && handler != null && demand > 0 && !ended) {
      scheduled = true;
      context.runOnContext(turn -> emit());
    }
  }

  private void emit() {
    scheduled = false;
    for (int i = 0; i < BATCH && handler != null && demand > 0 && produced < size; i++) {
      int length = (int) Math.min(CHUNK, size - produced);
      byte[] bytes = new byte[length];
      System.arraycopy(PATTERN, (int) (produced % 251), bytes, 0, length);
      crc.update(bytes);
      produced += length;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(Buffer.buffer(bytes));
    }
    if (produced == size && !ended) {
      ended = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    schedule();
  }
}
