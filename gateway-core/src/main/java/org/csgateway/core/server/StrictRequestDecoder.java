package org.csgateway.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding} fails to decode (answered 400 and closed by {@link InvalidRequestHandler}) instead of
 * having its {@code Content-Length} dropped: a proxy in front that framed it by its length would see a different
 * request boundary than the gateway, the classic request smuggling (RFC 9112 §6.1 and §11.2). Nothing the connection
 * sends after such a request is decoded: where its body ends is exactly what is in doubt, so whatever follows could
 * be a request smuggled behind it.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  /** Set once a request failed for its framing; one decoder serves one connection. */
  private boolean framingFailed;

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    framingFailed = true;
    message.setDecoderResult(DecoderResult.failure(new AmbiguousFramingException()));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (framingFailed) {
      // Netty would go on reading a chunked body and the requests behind it, and Vert.x could hand a pipelined one
      // to the gateway before the refusal's close lands: drop the bytes, as Netty does after a malformed request.
      buffer.skipBytes(buffer.readableBytes());
      return;
    }
    super.decode(ctx, buffer, out);
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
