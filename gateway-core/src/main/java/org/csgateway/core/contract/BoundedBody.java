package org.csgateway.core.contract;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;

/**
 * The start of a streamed body, read up to a byte limit: either the whole body, or the bytes read so far with the
 * rest of the stream still paused, ready to be {@link #replay() replayed} unchanged. Lets a filter look at small
 * bodies (error bodies, a version list) without ever holding a large one whole.
 *
 * @param bytes what was read: the whole body when {@link #complete()}, else a prefix a little over the limit
 * @param remainder the paused rest of the stream, or null when the body was read to its end
 */
public record BoundedBody(Buffer bytes, ReadStream<Buffer> remainder) {

  public BoundedBody {
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * Reads a paused stream chunk by chunk (one {@code fetch(1)} at a time, so nothing arrives past the limit) until
   * it ends or more than {@code limit} bytes were read. The future fails if the stream fails before either.
   */
  public static Future<BoundedBody> read(ReadStream<Buffer> stream, long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    Promise<BoundedBody> result = Promise.promise();
    Buffer bytes = Buffer.buffer();
    stream.pause();
    stream.exceptionHandler(result::tryFail);
    stream.endHandler(end -> result.tryComplete(new BoundedBody(bytes, null)));
    stream.handler(chunk -> {
      bytes.appendBuffer(chunk);
      if (bytes.length() > limit) {
        stream.pause();
        result.tryComplete(new BoundedBody(bytes, stream));
      } else {
        stream.fetch(1);
      }
    });
    stream.fetch(1);
    return result.future();
  }

  /** Whether the whole body was read. */
  public boolean complete() {
    return remainder == null;
  }

  /** A paused stream of the whole body: the bytes read, then the remainder. Call at most once. */
  public ReadStream<Buffer> replay() {
    if (complete()) {
      throw new IllegalStateException("the body was read whole; use bytes()");
    }
    return new PrefixedReadStream(bytes, remainder);
  }
}
