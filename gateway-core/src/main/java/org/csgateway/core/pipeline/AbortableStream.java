package org.csgateway.core.pipeline;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;

/**
 * A response body that can be abandoned: whoever will not read a body to its end calls {@link #abort(ReadStream)},
 * so that the upstream behind it is stopped (its request reset) instead of being read to the end for nothing.
 * Wrapping streams implement it by passing the call to the stream they wrap; their own end and exception handlers,
 * installed on the wrapped stream, then see the reset as a failure and settle (release a slot, drop a cache fill).
 */
public interface AbortableStream {

  /** Stops the source of this body; what was not read yet is lost. */
  void abort();

  /**
   * Abandons a body: an {@link AbortableStream} is aborted, an upstream response has its request reset (with a
   * no-op exception handler, since nobody listens to it any more), any other stream is drained.
   */
  static void abort(ReadStream<?> stream) {
    if (stream instanceof AbortableStream abortable) {
      abortable.abort();
    } else if (stream instanceof HttpClientResponse upstream) {
      upstream.exceptionHandler(ignored -> {});
      upstream.request().reset();
    } else if (stream != null) {
      stream.handler(null);
      stream.resume();
    }
  }
}
