package org.csgateway.app.sandbox;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;

/**
 * The connection-level misbehaviours of {@link SandboxFaults}: a TCP reset, bytes that are not HTTP, and a body
 * that is cut or dribbled. Resets and garbage need the Netty channel under Vert.x's public API (an internal but
 * stable class); if it is ever unavailable they degrade to a plain close, which clients also see as a broken
 * connection.
 */
final class ConnectionFaults {
  static final byte[] GARBAGE =
      "SANDBOX-GARBAGE \u0000\u0001\u0002 this is not an HTTP response\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private ConnectionFaults() {}

  /** Resets the request's connection (RST on HTTP/1.x; RST_STREAM on HTTP/2). */
  static void reset(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
      return;
    }
    Channel channel = channel(request.connection());
    if (channel == null) {
      request.connection().close();
      return;
    }
    // SO_LINGER 0 turns close() into an abortive close: the peer gets RST, not FIN.
    channel.config().setOption(ChannelOption.SO_LINGER, 0);
    channel.close();
  }

  /** Writes bytes that are not HTTP straight to the socket, past Vert.x's encoder, then closes. */
  static void garbage(HttpServerRequest request) {
    Channel channel = request.version() == HttpVersion.HTTP_2 ? null : channel(request.connection());
    if (channel == null) {
      request.connection().close();
      return;
    }
    ChannelHandlerContext first = channel.pipeline().firstContext();
    if (first == null) {
      channel.close();
      return;
    }
    first.writeAndFlush(Unpooled.wrappedBuffer(GARBAGE)).addListener(ChannelFutureListener.CLOSE);
  }

  /** Sends the head and the first half of the body (at least nothing more), then resets. */
  static void cutBody(HttpServerRequest request, Buffer body) {
    HttpServerResponse response = request.response();
    response.putHeader("Content-Length", Integer.toString(body.length()));
    int half = body.length() / 2;
    response.write(body.slice(0, half)).onComplete(done -> reset(request));
  }

  /** Sends the body {@code chunkBytes} at a time, one chunk every {@code intervalMillis}. */
  static void dribble(Vertx vertx, HttpServerResponse response, Buffer body, int chunkBytes, long intervalMillis) {
    response.putHeader("Content-Length", Integer.toString(body.length()));
    if (body.length() == 0) {
      response.end();
      return;
    }
    dribbleFrom(vertx, response, body, 0, chunkBytes, intervalMillis);
  }

  private static void dribbleFrom(Vertx vertx, HttpServerResponse response, Buffer body, int from, int chunkBytes,
      long intervalMillis) {
    if (response.closed()) {
      return;
    }
    int to = Math.min(body.length(), from + chunkBytes);
    if (to == body.length()) {
      response.end(body.slice(from, to));
      return;
    }
    response.write(body.slice(from, to));
    vertx.setTimer(intervalMillis, id -> dribbleFrom(vertx, response, body, to, chunkBytes, intervalMillis));
  }

  private static Channel channel(HttpConnection connection) {
    return connection instanceof ConnectionBase base ? base.channel() : null;
  }
}
