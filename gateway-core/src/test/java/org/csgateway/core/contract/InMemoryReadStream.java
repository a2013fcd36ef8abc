package org.csgateway.core.contract;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A paused in-memory body for tests: emits its chunks only as far as demand allows ({@code fetch}, {@code resume}),
 * then ends, or fails instead of ending. Counts how many chunks it delivered, so tests can see that backpressure
 * was honoured.
 */
public final class InMemoryReadStream implements ReadStream<Buffer> {
  private final Deque<Buffer> chunks;
  private final Throwable failure;
  private long demand;
  private boolean emitting;
  private boolean finished;
  private int delivered;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  private InMemoryReadStream(List<Buffer> chunks, Throwable failure) {
    this.chunks = new ArrayDeque<>(chunks);
    this.failure = failure;
  }

  /** A body made of these chunks (UTF-8). */
  public static InMemoryReadStream of(String... chunks) {
    return new InMemoryReadStream(Arrays.stream(chunks).map(Buffer::buffer).toList(), null);
  }

  /** A body made of these byte chunks. */
  public static InMemoryReadStream ofBuffers(List<Buffer> chunks) {
    return new InMemoryReadStream(chunks, null);
  }

  /** A body that delivers these chunks and then fails instead of ending. */
  public static InMemoryReadStream failingAfter(Throwable failure, String... chunks) {
    return new InMemoryReadStream(Arrays.stream(chunks).map(Buffer::buffer).toList(), failure);
  }

  public int delivered() {
    return delivered;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    drain();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void drain() {
    if (emitting) {
      return; // the loop below picks the new demand up
    }
    emitting = true;
    try {
      while (demand > 0 && !chunks.isEmpty()) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        delivered++;
        handler.handle(chunks.poll());
      }
      if (chunks.isEmpty() && !finished && demand > 0) {
        finished = true;
        if (failure != null) {
          exceptionHandler.handle(failure);
        } else if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      emitting = false;
    }
  }
}
