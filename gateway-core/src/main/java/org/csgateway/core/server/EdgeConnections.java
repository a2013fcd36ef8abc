package org.csgateway.core.server;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.List;
import java.util.Objects;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.observe.RequestObserver;

/**
 * For {@code HttpServer.connectionHandler}: hardens each new HTTP/1.x connection's decoding before its first request
 * head is read. A request with both {@code Content-Length} and {@code Transfer-Encoding} is refused with 400
 * ({@link StrictRequestDecoder}), and a request head must arrive whole within {@link ServerLimits#requestTimeout()}
 * of its first byte ({@link HeadTimeout}, 408), so a client dribbling its head (slowloris) cannot hold a connection;
 * such a 408 is told to the {@link RequestObserver} like any other refused request. The 400 for a body that fails to
 * decode is written before the connection closes ({@link BrokenBodyAnswer}).
 *
 * <p>This needs the connection before any byte of it is decoded, which Vert.x 5.0 only offers when cleartext HTTP/2
 * (h2c) is off: with h2c on, Vert.x creates the HTTP/1.x connection, and calls this handler, only once the first head
 * has been decoded (its {@code Http1xUpgradeToH2CHandler} must first see whether it asks for an upgrade), when
 * changing the decoder would lose pipelined bytes. {@link #applies} says whether a server's options allow it. It
 * reaches under Vert.x's public API (the Netty pipeline of the connection, Vert.x's decoder class); where either is
 * not as expected, the connection is served as Vert.x made it. HTTP/2 connections are left alone.
 */
public final class EdgeConnections implements Handler<HttpConnection> {
  private static final String DECODER = "httpDecoder";
  private static final String ENCODER = "httpEncoder";
  private static final String HEAD_START = "csgatewayHeadStart";
  private static final String HEAD_END = "csgatewayHeadEnd";
  private static final String BROKEN_BODY = "csgatewayBrokenBody";

  private final HttpServerOptions options;
  private final long headTimeoutMillis;
  private final Buffer timeoutBody;
  private final RequestObserver observer;

  /**
   * @param options the options the server is created with (the strict decoder takes its limits from them)
   * @param observer told about each request head that timed out, as the request handler's observer is told about
   *     the requests it handles (pass the same one)
   */
  public EdgeConnections(HttpServerOptions options, ServerLimits limits, ErrorResponder errors,
      RequestObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.options = new HttpServerOptions(Objects.requireNonNull(options, "options"));
    this.headTimeoutMillis = Objects.requireNonNull(limits, "limits").requestTimeout().toMillis();
    this.timeoutBody = errors.body(List.of(GatewayException.requestTimeout().getMessage()));
  }

  /**
   * Whether a server with these options hands its HTTP/1.x connections over before their first head: over TLS
   * (ALPN chooses the protocol during the handshake) or in cleartext without h2c.
   */
  public static boolean applies(HttpServerOptions options) {
    return options.isSsl() || !options.isHttp2ClearTextEnabled();
  }

  @Override
  public void handle(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (!(pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) || pipeline.get(HEAD_START) != null) {
      return; // HTTP/2, or already hardened
    }
    pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
    HeadTimeout heads = new HeadTimeout(headTimeoutMillis, timeoutBody, observer, System::nanoTime);
    pipeline.addBefore(DECODER, HEAD_START, heads.start);
    pipeline.addAfter(DECODER, HEAD_END, heads.end);
    // After the encoder, toward Vert.x: it must see the answer as HTTP messages to know when its last part is written.
    pipeline.addAfter(ENCODER, BROKEN_BODY, new BrokenBodyAnswer(headTimeoutMillis));
  }
}
