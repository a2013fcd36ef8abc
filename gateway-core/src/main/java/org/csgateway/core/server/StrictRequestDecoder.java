package org.csgateway.core.server;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1.x request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding} fails to decode (answered 400 and closed by {@link InvalidRequestHandler}) instead of
 * having its {@code Content-Length} dropped: a proxy in front that framed it by its length would see a different
 * request boundary than the gateway, the classic request smuggling (RFC 9112 §6.1 and §11.2).
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    message.setDecoderResult(DecoderResult.failure(new AmbiguousFramingException()));
  }

  /** The decoder's failure for a request framed both ways. */
  static final class AmbiguousFramingException extends IllegalArgumentException {
    AmbiguousFramingException() {
      super("both Content-Length and Transfer-Encoding", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // an expected refusal, not a fault: no stack to record
    }
  }
}
