package org.csgateway.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.observe.RequestRecord;

/**
 * The time limit on one HTTP/1.x connection's request heads: from the first byte of a head until the decoder has
 * read it whole. A client that dribbles its head (slowloris) keeps the idle timeout from firing, since bytes keep
 * coming; this answers it 408 and closes instead. Idle time between requests is not counted (that is the idle
 * timeout's), nor is the body's (that is {@link InFlightRequest}'s). Two handlers share the state: {@link #start}
 * sits before the decoder and sees bytes arrive, {@link #end} after it and sees heads and body ends come out.
 * No request object exists yet, so the 408 is logged here, once, and told to the {@link RequestObserver} here as a
 * request refused before routing (route {@code none}, the method when the head's first bytes name a standard one,
 * else {@code OTHER}), as the access log and request metrics promise for every request. Confined to the
 * connection's event loop.
 */
final class HeadTimeout {
  private static final Logger LOG = System.getLogger(HeadTimeout.class.getName());

  /** EXPIRED: answered 408 and closing; nothing more is decoded (the decoder's partial head is dropped). */
  private enum State { AWAITING_HEAD, IN_HEAD, IN_BODY, EXPIRED }

  private final long timeoutMillis;
  private final byte[] answer;
  private final int bodyLength;
  private final RequestObserver observer;
  private final LongSupplier nanoClock;
  private State state = State.AWAITING_HEAD;
  private ScheduledFuture<?> timer;
  private long timerStartNanos;
  private long firstBytes;

  /**
   * @param errorBody the errors body of the 408 answer
   * @param observer told about each head that timed out
   * @param nanoClock the clock of the durations observed
   */
  HeadTimeout(long timeoutMillis, Buffer errorBody, RequestObserver observer, LongSupplier nanoClock) {
    this.timeoutMillis = timeoutMillis;
    this.observer = Objects.requireNonNull(observer, "observer");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.bodyLength = errorBody.length();
    String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
        + "Cache-Control: no-store\r\nConnection: close\r\nContent-Length: " + errorBody.length() + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = errorBody.getBytes();
    this.answer = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
    System.arraycopy(body, 0, answer, headBytes.length, body.length);
  }

  /** The handler before the decoder: the first bytes of a head start the clock. */
  final ChannelInboundHandlerAdapter start = new ChannelInboundHandlerAdapter() {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (state == State.EXPIRED) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (state != State.AWAITING_HEAD || !(msg instanceof ByteBuf bytes) || !bytes.isReadable()) {
        ctx.fireChannelRead(msg);
        return;
      }
      state = State.IN_HEAD;
      if (observer != RequestObserver.NONE) {
        firstBytes = HeadMethod.firstBytes(bytes); // gone once the decoder has read them
      }
      ctx.fireChannelRead(msg); // the decoder hands on whatever heads these bytes complete before it returns
      // Almost every head arrives whole in one read, and then no clock is needed: it starts only for a head still
      // incomplete, which spares a timer scheduled and cancelled per request. The limit then counts from the end of
      // this read instead of its start, microseconds later.
      if (state == State.IN_HEAD && timer == null && ctx.channel().isActive()) {
        timerStartNanos = nanoClock.getAsLong();
        timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      cancel();
    }
  };

  /** The handler after the decoder: a decoded head stops the clock, the end of its body lets the next one start. */
  final ChannelInboundHandlerAdapter end = new ChannelInboundHandlerAdapter() {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (state == State.EXPIRED) {
        // On close the decoder hands on the partial head as an invalid request, which would be answered and
        // observed a second time, as a 400
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof HttpRequest) {
        cancel();
        state = State.IN_BODY;
      }
      if (msg instanceof LastHttpContent) {
        state = State.AWAITING_HEAD;
      }
      ctx.fireChannelRead(msg);
    }
  };

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (state != State.IN_HEAD || !ctx.channel().isActive()) {
      return;
    }
    LOG.log(Level.DEBUG, () -> "Answered 408 and closed " + ctx.channel().remoteAddress()
        + ": its request head did not arrive whole within " + timeoutMillis + " ms");
    state = State.EXPIRED;
    observe(ctx);
    // Written from before the decoder, so only the transport (and TLS) sees it: no request exists to answer.
    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
  }

  private void observe(ChannelHandlerContext ctx) {
    if (observer == RequestObserver.NONE) {
      return;
    }
    String peer = ctx.channel().remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
        ? address.getAddress().getHostAddress() : "unknown";
    RequestRecord record = new RequestRecord(RequestIds.generate(), RequestRecord.NONE, HeadMethod.of(firstBytes),
        "", 408, RequestRecord.Outcome.TIMED_OUT, nanoClock.getAsLong() - timerStartNanos, -1, 0, bodyLength, peer,
        null, null, null, null, null, null);
    try {
      observer.onRequestEnd(record);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A request observer failed", e);
    }
  }

  private void cancel() {
    ScheduledFuture<?> running = timer;
    timer = null;
    if (running != null) {
      running.cancel(false);
    }
  }
}
