package org.csgateway.core.contract;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.csgateway.core.pipeline.GatewayResponse;

/** Reads response bodies in tests, whether complete or streamed. */
public final class Bodies {
  private Bodies() {}

  /** The whole body of an answer; a streamed one is read to its end with {@code resume()}. */
  public static Future<Buffer> of(GatewayResponse response) {
    if (!response.isStreaming()) {
      return Future.succeededFuture(response.body() == null ? Buffer.buffer() : response.body());
    }
    return drain(response.stream());
  }

  /** Reads a paused stream to its end. */
  public static Future<Buffer> drain(ReadStream<Buffer> stream) {
    Promise<Buffer> done = Promise.promise();
    Buffer all = Buffer.buffer();
    stream.exceptionHandler(done::tryFail);
    stream.endHandler(v -> done.tryComplete(all));
    stream.handler(all::appendBuffer);
    stream.resume();
    return done.future();
  }
}
