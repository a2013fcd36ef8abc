package org.csgateway.cache;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;
import org.csgateway.core.pipeline.AbortableStream;

/**
 * A response body on its way to the client that keeps a copy of what passes, up to a limit. Past the limit the copy
 * is dropped and the body keeps streaming untouched, so a large answer is never held whole. When the body ends the
 * copy (or null, if it outgrew the limit) goes to {@code onDone}; when it fails midway (an upstream reset) null
 * goes there, so a truncated body is never stored. Backpressure is the client's: this adds no buffering of its own.
 */
final class TeeStream implements ReadStream<Buffer>, AbortableStream {
  private final ReadStream<Buffer> source;
  private final long limit;
  private final Consumer<Buffer> onDone;
  private final long expectedLength;
  private Buffer copy;
  private boolean done;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  /**
   * @param source the paused upstream body
   * @param limit the most bytes copied
   * @param expectedLength the declared length, or -1, to size the copy once
   * @param onDone receives the whole body, or null
   */
  TeeStream(ReadStream<Buffer> source, long limit, long expectedLength, Consumer<Buffer> onDone) {
    this.source = source;
    this.limit = limit;
    this.onDone = onDone;
    this.expectedLength = expectedLength;
    this.copy = Buffer.buffer(expectedLength >= 0 && expectedLength <= limit ? (int) expectedLength : 1024);
    // Installed now, not when the writer asks: the outcome must be known even if the writer never listens for it.
    source.endHandler(v -> {
      finish(copy);
      if (endHandler != null) {
        endHandler.handle(v);
      }
    });
    source.exceptionHandler(failure -> {
      finish(null);
      if (exceptionHandler != null) {
        exceptionHandler.handle(failure);
      }
    });
  }

  @Override
  public TeeStream handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
    } else {
      source.handler(chunk -> {
        keep(chunk);
        handler.handle(chunk);
      });
    }
    return this;
  }

  @Override
  public TeeStream endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public TeeStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public TeeStream pause() {
    source.pause();
    return this;
  }

  @Override
  public TeeStream resume() {
    source.resume();
    return this;
  }

  @Override
  public TeeStream fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  private void keep(Buffer chunk) {
    if (copy == null) {
      return;
    }
    if (copy.length() + (long) chunk.length() > limit) {
      copy = null; // too large to store: let it go now rather than hold it to the end
    } else {
      copy.appendBuffer(chunk);
    }
  }

  private void finish(Buffer body) {
    if (!done) {
      done = true;
      onDone.accept(body == null ? null : trimmed(body));
      copy = null;
    }
  }

  /** The body without spare capacity, which the weigher cannot see; one sized by its declared length has none. */
  private Buffer trimmed(Buffer body) {
    return body.length() == expectedLength ? body : body.copy();
  }

  @Override
  public void abort() {
    AbortableStream.abort(source);
  }
}
