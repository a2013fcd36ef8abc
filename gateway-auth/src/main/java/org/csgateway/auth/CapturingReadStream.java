package org.csgateway.auth;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;
import org.csgateway.core.pipeline.AbortableStream;

/**
 * Passes a body through unchanged while keeping a copy of its first bytes, so a filter can look at a small body
 * after it was streamed upstream, without holding it back. Flow control is the delegate's.
 */
final class CapturingReadStream implements ReadStream<Buffer>, AbortableStream {
  private final ReadStream<Buffer> delegate;
  private final int limit;
  private final Buffer captured = Buffer.buffer();
  private boolean overflowed;
  private boolean ended;

  CapturingReadStream(ReadStream<Buffer> delegate, int limit) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.limit = limit;
  }

  /** The whole body, or null when it did not end yet or was longer than the limit. */
  Buffer body() {
    return ended && !overflowed ? captured : null;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    delegate.handler(handler == null ? null : chunk -> {
      if (!overflowed) {
        if (captured.length() + chunk.length() > limit) {
          overflowed = true;
        } else {
          captured.appendBuffer(chunk);
        }
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    delegate.endHandler(handler == null ? v -> ended = true : v -> {
      ended = true;
      handler.handle(v);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    delegate.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    delegate.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    delegate.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    delegate.fetch(amount);
    return this;
  }

  @Override
  public void abort() {
    AbortableStream.abort(delegate);
  }
}
