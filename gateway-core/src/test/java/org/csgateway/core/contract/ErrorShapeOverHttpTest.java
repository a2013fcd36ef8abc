package org.csgateway.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The error-shape filter on real upstream response streams from a Vert.x HTTP server. */
@ExtendWith(VertxExtension.class)
class ErrorShapeOverHttpTest {
  private static final String LARGE = "{\"errors\":\"" + "z".repeat(200_000) + "\"}";

  private final ErrorShapeNormalizationFilter filter =
      new ErrorShapeNormalizationFilter(ErrorShapePolicy.defaults(), new ErrorResponder());
  private HttpClient client;
  private int port;

  @BeforeEach
  void setUp(Vertx vertx) {
    client = vertx.createHttpClient();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "application/json");
      switch (request.path()) {
        case "/hash" -> response.setStatusCode(400).write("{\"errors\":{\"name\":[\"can't be blank\"],")
            .compose(v -> response.end("\"image\":[\"is missing\"]}}"));
        case "/large" -> response.setStatusCode(500).end(LARGE);
        default -> response.setStatusCode(404).end("{\"errors\":\"Unknown Domain\"}");
      }
    }).listen(0).await();
    port = server.actualPort();
  }

  /** Fetches a path, hands its paused body to the filter as the upstream answer, and reads what comes out. */
  private Future<Result> through(String path) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> request.send())
        .compose(upstream -> {
          upstream.pause(); // on the event loop, before any body chunk can arrive
          GatewayResponse answer = GatewayResponse.streaming(upstream.statusCode(),
              HttpHeaders.headers().addAll(upstream.headers()), upstream);
          return filter.apply(TestExchanges.exchange(HttpMethod.GET, path), RecordingChain.answering(e -> answer))
              .compose(response -> Bodies.of(response).map(body -> new Result(response, body)));
        });
  }

  @Test
  void should_rewrite_a_chunked_hash_body_when_it_comes_from_a_real_upstream() {
    Result result = through("/hash").await();

    assertThat(result.response.status()).isEqualTo(400);
    assertThat(result.body.toString()).isEqualTo("{\"errors\":[\"name can't be blank\",\"image is missing\"]}");
    assertThat(result.response.headers().get(HttpHeaders.CONTENT_LENGTH))
        .isEqualTo(Integer.toString(result.body.length()));
  }

  @Test
  void should_rewrite_a_string_body_when_it_comes_from_a_real_upstream() {
    assertThat(through("/missing").await().body.toString()).isEqualTo("{\"errors\":[\"Unknown Domain\"]}");
  }

  @Test
  void should_stream_an_oversized_body_unchanged_when_it_comes_from_a_real_upstream() {
    Result result = through("/large").await();

    assertThat(result.response.isStreaming()).isTrue();
    assertThat(result.body.getBytes()).isEqualTo(Buffer.buffer(LARGE).getBytes());
  }

  private record Result(GatewayResponse response, Buffer body) {}
}
