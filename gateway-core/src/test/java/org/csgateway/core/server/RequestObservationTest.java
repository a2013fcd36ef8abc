package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.csgateway.core.contract.InMemoryReadStream;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.http.ForwardedHeaders;
import org.csgateway.core.observe.RequestRecord;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Pipeline;
import org.csgateway.core.pipeline.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request observer is told exactly once per request, by the server, with what happened: answered, refused at
 * the edge before the pipeline ran, or left by the client before the answer came.
 */
@ExtendWith(VertxExtension.class)
class RequestObservationTest {
  private final List<RequestRecord> records = new CopyOnWriteArrayList<>();
  private final CompletableFuture<RequestRecord> closed = new CompletableFuture<>();
  private final CompletableFuture<RequestRecord> cut = new CompletableFuture<>();
  private static final CompletableFuture<Void> hanging = new CompletableFuture<>();
  private HttpServer server;
  private HttpClient client;

  /** Answers "ok" at once, or never for /hang (so that the client leaves first). */
  private static final class Answer implements GatewayFilter {
    @Override
    public String id() {
      return "answer";
    }

    @Override
    public Stage stage() {
      return Stage.FORWARD;
    }

    @Override
    public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
      if (exchange.request().path().startsWith("/cut-by-")) {
        return Future.succeededFuture(GatewayResponse.streaming(200, HttpHeaders.headers(), cut(exchange)));
      }
      if (exchange.request().path().equals("/hang")) {
        hanging.complete(null);
        return Future.future(p -> {});
      }
      return Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("ok")));
    }
  }

  /** The server's latest connection: its Netty channel is what the client "closes" in the cut-by-client case. */
  private static volatile HttpConnection latest;

  /**
   * A body cut after its first chunk. A client leaving mid-answer (wrk stopping) closes the connection under the
   * write, before Vert.x has seen the close: Netty runs channelInactive later on the event loop, so the write fails
   * while the response still says it is open. The answer is written at once, in this same event-loop task, so the
   * connection is made to break here: either the channel is closed before the write ({@code /cut-by-client}: it fails
   * with a ClosedChannelException), or the client's reset refuses the write itself ({@code /cut-by-client-reset}: as
   * Netty does when the socket write fails with "Connection reset by peer", the channel closes and the write fails
   * with that IOException, {@link ResetByPeer} nearest the socket). {@code /cut-by-upstream-reset} fails the body
   * itself with the same IOException while the client's connection stays open.
   */
  private static ReadStream<Buffer> cut(Exchange exchange) {
    Channel channel = ((ConnectionBase) latest).channel();
    switch (exchange.request().path()) {
      case "/cut-by-client" -> channel.close();
      case "/cut-by-client-reset" -> channel.pipeline().addFirst(new ResetByPeer());
      default -> {
        return InMemoryReadStream.failingAfter(new IOException("Connection reset by peer"), "the first part");
      }
    }
    return InMemoryReadStream.of("the first part");
  }

  /** Fails the next write as a socket write to a peer that reset the connection fails in Netty. */
  private static final class ResetByPeer extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ReferenceCountUtil.release(msg);
      ctx.channel().close();
      promise.setFailure(new IOException("Connection reset by peer"));
    }
  }

  @BeforeEach
  void start(Vertx vertx) {
    ErrorResponder errors = new ErrorResponder();
    ServerLimits limits = ServerLimits.defaults();
    Pipeline pipeline = Pipeline.builder().add(new Answer()).recoveringWith(errors::recover).build();
    server = vertx.createHttpServer(limits.applyTo(new HttpServerOptions()))
        .requestHandler(new GatewayRequestHandler(vertx, () -> pipeline, limits,
            new ForwardedHeaders(ForwardedConfig.defaults(), null), errors, System::nanoTime, record -> {
              records.add(record);
              if (record.path().startsWith("/cut-by-")) {
                cut.complete(record);
              }
              if (record.outcome() == RequestRecord.Outcome.CLIENT_CLOSED) {
                closed.complete(record);
              }
            }))
        .connectionHandler(connection -> latest = connection)
        .listen(0, "127.0.0.1").await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    client.close().await();
    server.close().await();
  }

  private HttpClientResponse send(HttpMethod method, String uri, String contentLength) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI(uri);
    if (contentLength != null) {
      options.putHeader("Content-Length", contentLength);
    }
    return client.request(options).compose(request -> request.send().compose(r -> r.body().map(r)))
        .await();
  }

  @Test
  void should_observe_each_answered_request_once_with_its_route_status_and_bytes_when_the_answer_ends() {
    HttpClientResponse first = send(HttpMethod.GET, "/a?access_token=secret", null);
    send(HttpMethod.GET, "/b", null);

    assertThat(records).hasSize(2);
    RequestRecord record = records.get(0);
    assertThat(record.requestId()).isEqualTo(first.getHeader("X-Request-Id"));
    assertThat(record.routeId()).isEqualTo(RequestRecord.UNMATCHED);
    assertThat(record.path()).isEqualTo("/a");
    assertThat(record.status()).isEqualTo(200);
    assertThat(record.outcome()).isEqualTo(RequestRecord.Outcome.COMPLETED);
    assertThat(record.bytesOut()).isEqualTo(2);
    assertThat(record.totalNanos()).isPositive();
    assertThat(record.upstreamNanos()).isEqualTo(-1);
  }

  @Test
  void should_observe_an_edge_refusal_with_route_none_when_the_body_is_over_the_limit() {
    long tooLarge = ServerLimits.defaults().maxBodyBytes() + 1;
    HttpClientResponse refused;
    try {
      refused = send(HttpMethod.POST, "/upload", Long.toString(tooLarge));
    } catch (RuntimeException closedEarly) {
      refused = null; // the server may close before the client reads the answer; the record tells all the same
    }

    assertThat(refused == null || refused.statusCode() == 413).isTrue();
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.status()).isEqualTo(413);
      assertThat(record.routeId()).isEqualTo(RequestRecord.NONE);
      assertThat(record.outcome()).isEqualTo(RequestRecord.Outcome.REFUSED);
    });
  }

  @Test
  void should_observe_the_client_leaving_with_499_when_it_closes_before_the_answer(Vertx vertx) throws Exception {
    NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await();
    socket.write("GET /hang HTTP/1.1\r\nHost: localhost\r\n\r\n").await();
    hanging.get(10, TimeUnit.SECONDS); // the pipeline runs: the request was accepted
    socket.close().await();

    RequestRecord record = closed.get(10, TimeUnit.SECONDS);
    assertThat(record.status()).isEqualTo(RequestRecord.CLIENT_CLOSED_STATUS);
    assertThat(record.path()).isEqualTo("/hang");
    assertThat(records).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/cut-by-client", "/cut-by-client-reset"})
  void should_observe_the_client_leaving_not_a_reset_when_its_connection_closes_under_a_streamed_answer(String path,
      Vertx vertx) throws Exception {
    try (WarningCapture log = new WarningCapture(ResponseWriter.class)) {
      NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await();
      socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").await();

      RequestRecord record = cut.get(10, TimeUnit.SECONDS);
      assertThat(record.outcome()).as("the client left; the gateway reset nothing").isEqualTo(
          RequestRecord.Outcome.CLIENT_CLOSED);
      assertThat(records).hasSize(1);
      assertThat(log.warnings()).as("a client leaving is not the gateway's fault").isEmpty();
    }
  }

  @Test
  void should_observe_a_reset_with_one_warning_when_the_answer_s_source_fails_while_the_client_stays(Vertx vertx)
      throws Exception {
    try (WarningCapture log = new WarningCapture(ResponseWriter.class)) {
      NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await();
      socket.write("GET /cut-by-upstream-reset HTTP/1.1\r\nHost: localhost\r\n\r\n").await();

      RequestRecord record = cut.get(10, TimeUnit.SECONDS);
      assertThat(record.outcome()).as("the same IOException, but the client's connection was open")
          .isEqualTo(RequestRecord.Outcome.RESET);
      assertThat(log.warnings()).hasSize(1);
    }
  }
}
