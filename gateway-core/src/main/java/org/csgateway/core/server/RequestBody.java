package org.csgateway.core.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.util.Map;
import java.util.function.Consumer;
import org.csgateway.core.error.GatewayException;

/**
 * A client's request body as the pipeline sees it: the server request's stream, paused until someone reads it,
 * counted as it flows. It fails with a {@link GatewayException} when it grows past the size limit (413), when the
 * server gives up waiting for it (408, see {@link #fail}) or when the client's connection breaks; whoever pipes it
 * sees that failure and answers with it. Data that arrives with no handler set is discarded, still counted.
 * Confined to the event loop of its request.
 */
final class RequestBody implements ReadStream<Buffer> {
  private final HttpServerRequest request;
  private final long maxBytes;
  private long received;
  private boolean ended;
  private GatewayException failure;
  private Handler<Buffer> dataHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private Consumer<GatewayException> settledListener = outcome -> {};
  private Runnable firstRead;
  private Buffer unread;

  RequestBody(HttpServerRequest request, long maxBytes) {
    this.request = request;
    this.maxBytes = maxBytes;
    request.handler(this::handleData);
    request.endHandler(ignored -> handleEnd());
    request.exceptionHandler(cause -> fail(new GatewayException(
        400, "REQUEST_BODY_INCOMPLETE", "The request body was cut off", Map.of(), cause)));
  }

  /**
   * A body whose first chunk was already read off the request (by {@link Http2BodyProbe}): it is delivered, and
   * counted, before the rest.
   */
  RequestBody(HttpServerRequest request, long maxBytes, Buffer firstChunk) {
    this(request, maxBytes);
    this.unread = firstChunk;
  }

  /** Called once, when the body has ended (with null) or failed (with the failure). */
  void onSettled(Consumer<GatewayException> listener) {
    this.settledListener = listener;
  }

  /**
   * Runs this once, when a reader first asks for data: where the client waits for {@code 100 Continue} before it
   * sends the body, the server sends it only then, so a request refused before its body is read never sends it.
   */
  void onFirstRead(Runnable action) {
    this.firstRead = action;
  }

  /** Whether the client still waits for {@code 100 Continue}: no reader asked for the body yet. */
  boolean isAwaitingContinue() {
    return firstRead != null;
  }

  /** Fails the body: no more data is delivered and the reader's exception handler gets the failure. */
  void fail(GatewayException cause) {
    if (ended || failure != null) {
      return;
    }
    failure = cause;
    request.pause();
    Handler<Throwable> handler = exceptionHandler;
    if (handler != null) {
      handler.handle(cause);
    }
    settledListener.accept(cause);
  }

  boolean isEnded() {
    return ended;
  }

  boolean isFailed() {
    return failure != null;
  }

  /** Whether a reader (the forward stage's pipe) is consuming the body now. */
  boolean isAttached() {
    return dataHandler != null;
  }

  /** Reads and drops what remains (an answer came before the body was read), so the connection can be reused. */
  void discardRest() {
    if (!ended && failure == null && dataHandler == null && firstRead == null) {
      request.resume();
    }
  }

  long bytesReceived() {
    return received;
  }

  private void handleData(Buffer chunk) {
    if (failure != null) {
      return;
    }
    received += chunk.length();
    if (received > maxBytes) {
      fail(GatewayException.payloadTooLarge(maxBytes));
      return;
    }
    Handler<Buffer> handler = dataHandler;
    if (handler != null) {
      handler.handle(chunk);
    }
  }

  private void handleEnd() {
    if (failure != null) {
      return;
    }
    ended = true;
    settledListener.accept(null);
    Handler<Void> handler = endHandler;
    if (handler != null) {
      handler.handle(null);
    }
  }

  @Override
  public RequestBody exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public RequestBody handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    return this;
  }

  @Override
  public RequestBody endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public RequestBody pause() {
    request.pause();
    return this;
  }

  @Override
  public RequestBody resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public RequestBody fetch(long amount) {
    if (failure != null) {
      // a reader that arrives after the failure learns of it when it asks for data
      Handler<Throwable> handler = exceptionHandler;
      if (handler != null) {
        handler.handle(failure);
      }
    } else if (!ended) {
      Runnable action = firstRead;
      if (action != null) {
        firstRead = null;
        action.run();
      }
      Buffer first = unread;
      if (first != null && dataHandler != null) {
        unread = null;
        handleData(first);
      }
      if (failure == null) {
        request.fetch(amount);
      }
    }
    return this;
  }
}
