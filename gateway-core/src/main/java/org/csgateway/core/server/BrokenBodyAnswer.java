package org.csgateway.core.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets the gateway's 400 for a request body that fails to decode (a malformed chunk) reach the client. Vert.x fails
 * such a request and closes its connection in the same call, before the pipeline, which learns of the failure in that
 * call, has written its answer; the client then saw the connection close with no answer, or a reset. This handler,
 * after the decoder, sees the failed body and holds that close until the answer's last part has been written (so it
 * has left the process whatever the transport), until another close comes (Vert.x closes again once it has written
 * an answer that ends the connection), or until the bound passes if no answer comes. Closes for any other reason
 * pass at once. It sits on the message side of the response encoder, where the answer's parts are HTTP messages.
 * Confined to the connection's event loop.
 */
final class BrokenBodyAnswer extends ChannelDuplexHandler {
  private final long boundMillis;
  /** A body failed to decode and its request's answer has not ended yet. */
  private boolean answerOwed;
  private ChannelPromise heldClose;
  private ScheduledFuture<?> bound;

  /** @param boundMillis how long a close waits for the answer before it goes ahead */
  BrokenBodyAnswer(long boundMillis) {
    this.boundMillis = boundMillis;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()) {
      answerOwed = true;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (answerOwed && msg instanceof LastHttpContent) {
      answerOwed = false;
      if (heldClose != null) {
        ChannelPromise written = promise.unvoid();
        written.addListener(done -> release(ctx));
        ctx.write(msg, written);
        return;
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (answerOwed && heldClose == null) {
      heldClose = promise;
      bound = ctx.executor().schedule(() -> release(ctx), boundMillis, TimeUnit.MILLISECONDS);
      return;
    }
    release(ctx); // a close while one is held: the held one goes first, so its promise and timer do not linger
    ctx.close(promise);
  }

  private void release(ChannelHandlerContext ctx) {
    ChannelPromise close = heldClose;
    if (close != null) {
      heldClose = null;
      answerOwed = false;
      bound.cancel(false);
      ctx.close(close);
    }
  }
}
