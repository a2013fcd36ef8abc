package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.LogRecord;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayRequest;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How the server handles what the pipeline gives back: faults, early answers, answers streamed through. */
@ExtendWith(VertxExtension.class)
class GatewayRequestHandlerTest {
  private WarningCapture capture;
  private List<LogRecord> warnings;
  private Vertx vertx;
  private GatewayClient client;
  /** A client of its own for requests that expect 100 Continue. */
  private HttpClient http;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = new GatewayClient(vertx);
    this.http = vertx.createHttpClient();
    capture = new WarningCapture(InFlightRequest.class);
    warnings = capture.warnings();
  }

  @AfterEach
  void tearDown() {
    capture.close();
  }

  @Test
  void should_answer_500_and_log_one_warning_without_secrets_when_a_filter_faults() {
    TestGateway gateway = TestGateway.builder(vertx).filter(new Answering(Stage.AUTHENTICATE, exchange -> {
      throw new IllegalStateException("a bug in a filter");
    })).start();

    GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
        "Authorization", "Bearer s3cr3t-token");

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.errors()).containsExactly("The gateway failed to handle the request");
    String requestId = answer.headers().get("X-Request-Id");
    assertThat(warnings).singleElement().satisfies(record -> {
      assertThat(record.getMessage()).contains(requestId).contains("unmatched").doesNotContain("s3cr3t");
      assertThat(record.getThrown()).hasMessage("a bug in a filter");
    });
  }

  @Test
  void should_answer_a_refusal_with_its_status_and_no_warning_when_a_filter_fails_with_a_gateway_exception() {
    TestGateway gateway = TestGateway.builder(vertx).filter(new Answering(Stage.AUTHORIZE,
        exchange -> Future.failedFuture(GatewayException.forbidden("INSUFFICIENT_SCOPE", "Missing scope")))).start();

    GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errors()).containsExactly("Missing scope");
    assertThat(warnings).isEmpty();
  }

  @Test
  void should_read_past_an_unread_body_and_keep_the_connection_when_a_filter_answers_early() {
    // the body is far larger than what the codec buffers while the request is paused
    ErrorResponder errors = new ErrorResponder();
    TestGateway gateway = TestGateway.builder(vertx).filter(new Answering(Stage.AUTHENTICATE, exchange ->
        exchange.request().method() == HttpMethod.POST
            ? Future.succeededFuture(errors.response(new GatewayException(401, "UNAUTHORIZED", "Not Authorized")))
            : exchange.chain())).start();
    RawHttp raw = new RawHttp(vertx);

    RawHttp.Response second = raw.sendAndReadLast(gateway.port(),
        "POST /api/projects HTTP/1.1\r\nHost: gw\r\nContent-Length: 4000000\r\n\r\n" + "p".repeat(4_000_000)
            + "GET /api/projects HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).contains("\"uri\":\"/api/projects\"");
  }

  @Test
  void should_send_100_continue_when_the_forward_stage_reads_the_body() {
    TestGateway gateway = TestGateway.builder(vertx).start();
    AtomicBoolean continued = new AtomicBoolean();

    GatewayClient.Answer answer = expectingContinue(gateway, request -> {
      continued.set(true);
      request.end("hello");
    });

    assertThat(continued).isTrue();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getLong("bodyBytes")).isEqualTo(5);
  }

  @Test
  void should_answer_without_100_continue_and_close_when_a_filter_refuses_before_reading_the_body() {
    ErrorResponder errors = new ErrorResponder();
    TestGateway gateway = TestGateway.builder(vertx).filter(new Answering(Stage.AUTHENTICATE, exchange ->
        Future.succeededFuture(errors.response(new GatewayException(401, "UNAUTHORIZED", "Not Authorized")))))
        .start();
    AtomicBoolean continued = new AtomicBoolean();

    GatewayClient.Answer answer = expectingContinue(gateway, request -> continued.set(true));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.headers().get("Connection")).isEqualTo("close");
    assertThat(continued).isFalse();
  }

  /** Sends the head of a 5-byte POST that expects 100 Continue; the body is up to {@code onContinue}. */
  private GatewayClient.Answer expectingContinue(TestGateway gateway, Consumer<HttpClientRequest> onContinue) {
    Promise<GatewayClient.Answer> answer = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> http.request(HttpMethod.POST, gateway.port(), "127.0.0.1",
            "/api/projects")
        .compose(request -> {
          request.putHeader("Expect", "100-continue").putHeader("Content-Length", "5")
              .continueHandler(ready -> onContinue.accept(request));
          return request.sendHead().compose(sent -> request.response());
        })
        .compose(response -> response.body()
            .map(body -> new GatewayClient.Answer(response.statusCode(), response.headers(), body)))
        .onComplete(answer));
    return answer.future().timeout(10, TimeUnit.SECONDS).await();
  }

  @Test
  void should_stream_a_head_answer_without_a_body() {
    TestGateway gateway = TestGateway.builder(vertx).upstream(request ->
        request.response().putHeader("Content-Length", "1234").end()).start();

    GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.HEAD, "/api/projects");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("Content-Length")).isEqualTo("1234");
    assertThat(answer.body()).isEqualTo(Buffer.buffer());
  }

  /** A filter that answers as told, or lets the exchange through. */
  private static final class Answering implements GatewayFilter {
    private final Stage stage;
    private final Function<Proceeding, Future<GatewayResponse>> answer;

    Answering(Stage stage, Function<Proceeding, Future<GatewayResponse>> answer) {
      this.stage = stage;
      this.answer = answer;
    }

    @Override
    public String id() {
      return "answering";
    }

    @Override
    public Stage stage() {
      return stage;
    }

    @Override
    public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
      return answer.apply(new Proceeding(exchange, chain));
    }
  }

  private record Proceeding(Exchange exchange, FilterChain next) {
    GatewayRequest request() {
      return exchange.request();
    }

    Future<GatewayResponse> chain() {
      return next.proceed(exchange);
    }
  }
}
