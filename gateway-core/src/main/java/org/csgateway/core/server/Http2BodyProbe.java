package org.csgateway.core.server;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.function.Consumer;

/**
 * Tells whether an HTTP/2 request without {@code Content-Length} has a body. HTTP/2 says "no body" by ending the
 * stream with its headers, which Vert.x reports as the request's end only once the request is read; taking every
 * such request for one with a body would send each GET upstream chunked (and keep it from being retried or cached).
 * So the probe reads one event of the paused request: its end (no body), or its first chunk of data (a body), which
 * is handed on to be delivered first. A client that sends neither within the request timeout gets a 408. A request
 * waiting for {@code 100 Continue} is not probed: its body comes only when asked for.
 */
final class Http2BodyProbe {
  private Http2BodyProbe() {}

  /** Whether the request's body can only be known by reading it. */
  static boolean isNeeded(HttpServerRequest request) {
    return request.version() == HttpVersion.HTTP_2
        && !request.isEnded()
        && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
        && !HttpHeaderValues.CONTINUE.toString().equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
  }

  /**
   * Reads the first event of the paused request and calls {@code then} with null when it ended (the request then
   * reports {@link HttpServerRequest#isEnded()}), or with the first chunk when data came, the request paused again.
   *
   * @param timedOut called instead when nothing came within the timeout
   * @param reset called instead when the client reset the stream first (there is nobody to answer)
   */
  static void probe(Vertx vertx, HttpServerRequest request, long timeoutMillis, Consumer<Buffer> then,
      Runnable timedOut, Runnable reset) {
    new Probe(vertx, request).start(timeoutMillis, then, timedOut, reset);
  }

  /** One request's probe: settles once, on the first of data, end, reset or timeout. */
  private static final class Probe {
    private final Vertx vertx;
    private final HttpServerRequest request;
    private boolean settled;
    private long timer = -1;

    Probe(Vertx vertx, HttpServerRequest request) {
      this.vertx = vertx;
      this.request = request;
    }

    void start(long timeoutMillis, Consumer<Buffer> then, Runnable timedOut, Runnable reset) {
      request.handler(chunk -> {
        if (settle()) {
          request.pause();
          then.accept(chunk);
        }
      });
      request.endHandler(ended -> {
        if (settle()) {
          then.accept(null);
        }
      });
      request.exceptionHandler(broken -> {
        if (settle()) {
          reset.run();
        }
      });
      timer = vertx.setTimer(timeoutMillis, fired -> {
        timer = -1;
        if (settle()) {
          timedOut.run();
        }
      });
      request.fetch(1);
    }

    /** Ends the probe: handlers removed, timer cancelled; false when it had already ended. */
    private boolean settle() {
      if (settled) {
        return false;
      }
      settled = true;
      request.handler(null);
      request.endHandler(null);
      request.exceptionHandler(null);
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      return true;
    }
  }
}
