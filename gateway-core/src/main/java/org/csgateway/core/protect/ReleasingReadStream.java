package org.csgateway.core.protect;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.csgateway.core.pipeline.AbortableStream;

/**
 * A response body that runs an action once when it ends or fails, whoever reads it. Its own end and exception
 * handlers stay on the underlying stream even after a reader (a pipe that closed) clears its handlers, so the
 * action runs even when the reader gave up early.
 */
final class ReleasingReadStream implements ReadStream<Buffer>, AbortableStream {
  private final ReadStream<Buffer> delegate;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  ReleasingReadStream(ReadStream<Buffer> delegate, Runnable onDone) {
    this.delegate = delegate;
    delegate.endHandler(v -> {
      onDone.run();
      Handler<Void> h = endHandler;
      if (h != null) {
        h.handle(v);
      }
    });
    delegate.exceptionHandler(e -> {
      onDone.run();
      Handler<Throwable> h = exceptionHandler;
      if (h != null) {
        h.handle(e);
      }
    });
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    delegate.handler(handler);
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
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public void abort() {
    AbortableStream.abort(delegate);
  }
}
