package org.csgateway.core.contract;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;
import org.csgateway.core.pipeline.AbortableStream;

/**
 * A paused stream that emits a prefix already read from a source and then the rest of that (paused) source,
 * honouring demand ({@code pause}/{@code fetch}/{@code resume}) throughout, so backpressure still reaches the
 * source. Confined to one event loop, like the streams it wraps.
 */
final class PrefixedReadStream implements ReadStream<Buffer>, AbortableStream {
  private final ReadStream<Buffer> source;
  private Buffer prefix;
  private long demand;
  private boolean emitting;
  private boolean sourceEnded;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  PrefixedReadStream(Buffer prefix, ReadStream<Buffer> source) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.source = Objects.requireNonNull(source, "source");
    source.pause();
    source.handler(this::onData);
    source.endHandler(this::onEnd);
  }

  private boolean passingThrough() {
    return prefix == null && !emitting;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    if (passingThrough()) {
      source.pause();
    } else {
      demand = 0;
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must not be negative, was " + amount);
    }
    if (passingThrough()) {
      source.fetch(amount);
      return this;
    }
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (!emitting) {
      emitPrefix();
    }
    return this;
  }

  /** Emits the prefix once there is demand, then hands whatever demand is left (after the handler ran) on. */
  private void emitPrefix() {
    if (prefix == null || demand == 0) {
      return;
    }
    Buffer chunk = prefix;
    prefix = null;
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    emitting = true;
    try {
      if (handler != null) {
        handler.handle(chunk);
      }
    } finally {
      emitting = false;
    }
    if (sourceEnded) {
      onEnd(null);
    } else if (demand == Long.MAX_VALUE) {
      source.resume();
    } else if (demand > 0) {
      source.fetch(demand);
    }
  }

  private void onData(Buffer chunk) {
    if (handler != null) {
      handler.handle(chunk);
    }
  }

  private void onEnd(Void ignored) {
    if (prefix != null || emitting) {
      sourceEnded = true; // a source that signals its end without demand: deliver it after the prefix
      return;
    }
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  @Override
  public void abort() {
    AbortableStream.abort(source);
  }
}
