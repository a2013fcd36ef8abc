package org.csgateway.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.csgateway.core.server.GatewayClient;
import org.csgateway.core.server.TestGateway;
import org.csgateway.core.server.TestUpstreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How upstream failures reach the client, and when a request is sent again: through a real gateway. */
@ExtendWith(VertxExtension.class)
class ForwardFailuresTest {
  private static final RetryConfig RETRY_EVERYTHING_ALLOWED = new RetryConfig(
      3, Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE), 1.0, 100);

  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private Vertx vertx;
  private GatewayClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = new GatewayClient(vertx);
  }

  @Nested
  class Statuses {

    @Test
    void should_answer_502_when_the_upstream_refuses_the_connection() {
      TestGateway gateway = TestGateway.builder(vertx).upstreamUrl(closedPort()).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.status()).isEqualTo(502);
      assertThat(answer.errors()).containsExactly("The upstream could not be reached or closed the connection");
    }

    @Test
    void should_answer_504_without_retrying_when_the_upstream_never_answers() {
      TestGateway gateway = TestGateway.builder(vertx)
          .upstream(request -> upstreamRequests.incrementAndGet())
          .responseTimeout(Duration.ofMillis(200))
          .start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.status()).isEqualTo(504);
      assertThat(answer.errors()).containsExactly("The upstream did not answer in time");
      assertThat(upstreamRequests).hasValue(1);
    }

    @Test
    void should_answer_504_when_no_connection_is_free_in_time() {
      Promise<Void> holding = Promise.promise();
      TestGateway gateway = TestGateway.builder(vertx)
          .upstream(request -> holding.tryComplete()) // never answers: holds the only pooled connection
          .poolSize(1)
          .connectTimeout(Duration.ofMillis(200))
          .responseTimeout(Duration.ofSeconds(30))
          .start();
      Future<HttpClientRequest> hanging = vertx.createHttpClient()
          .request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/api/hang")
          .compose(request -> request.end().map(request));
      hanging.await();
      holding.future().timeout(5, TimeUnit.SECONDS).await();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.status()).isEqualTo(504);
      assertThat(answer.errors()).containsExactly("The upstream did not answer in time");
    }

    @Test
    void should_reset_the_client_connection_when_the_upstream_body_fails_midway() {
      TestGateway gateway = TestGateway.builder(vertx).upstream(request -> {
        request.response().setChunked(true).write("the first part of a longer body")
            .onComplete(flushed -> request.connection().close());
      }).start();
      HttpClient raw = vertx.createHttpClient();

      Future<Buffer> body = raw.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/api/projects")
          .compose(HttpClientRequest::send)
          .compose(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
          });

      assertThat(body.transform(Future::succeededFuture).timeout(10, TimeUnit.SECONDS).await().failed())
          .as("a body cut by the upstream must fail at the client, never end as a complete 200")
          .isTrue();
    }
  }

  @Nested
  class Retries {

    @Test
    void should_retry_a_get_once_when_the_connection_is_refused() {
      AtomicInteger attempts = new AtomicInteger();
      TestGateway gateway = TestGateway.builder(vertx).upstreamUrl(closedPort())
          .decorateClient(delegate -> new CountingClient(delegate, attempts)).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.status()).isEqualTo(502);
      assertThat(attempts).hasValue(2);
    }

    @Test
    void should_not_retry_a_post_when_the_connection_is_refused() {
      AtomicInteger attempts = new AtomicInteger();
      TestGateway gateway = TestGateway.builder(vertx).upstreamUrl(closedPort()).retry(RETRY_EVERYTHING_ALLOWED)
          .decorateClient(delegate -> new CountingClient(delegate, attempts)).start();

      GatewayClient.Answer answer =
          client.send(gateway.port(), HttpMethod.POST, "/api/projects", Buffer.buffer("{\"project\":{}}"));

      assertThat(answer.status()).isEqualTo(502);
      assertThat(attempts).hasValue(1);
    }

    @Test
    void should_retry_a_get_once_when_the_upstream_closes_before_answering() {
      TestGateway gateway = TestGateway.builder(vertx).upstream(request -> {
        if (upstreamRequests.incrementAndGet() == 1) {
          request.connection().close();
        } else {
          TestUpstreams.echo().handle(request);
        }
      }).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.status()).isEqualTo(200);
      assertThat(upstreamRequests).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH", "PUT"})
    void should_never_send_a_request_with_a_body_twice_when_the_upstream_closes_after_receiving_it(String method) {
      TestGateway gateway = TestGateway.builder(vertx).retry(RETRY_EVERYTHING_ALLOWED) // PUT included
          .upstream(request -> {
            upstreamRequests.incrementAndGet();
            request.end().onSuccess(received -> request.connection().close());
          }).start();

      GatewayClient.Answer answer = client.send(
          gateway.port(), HttpMethod.valueOf(method), "/api/projects/1", Buffer.buffer("{\"project\":{}}"));

      assertThat(answer.status()).isEqualTo(502);
      assertThat(upstreamRequests).hasValue(1);
    }

    @Test
    void should_stop_retrying_when_the_route_budget_is_spent() {
      AtomicLong frozenClock = new AtomicLong(42);
      TestGateway gateway = TestGateway.builder(vertx)
          .retry(new RetryConfig(1, Set.of(HttpMethod.GET), 0.5, 0))
          .clock(frozenClock::get)
          .upstream(request -> {
            upstreamRequests.incrementAndGet();
            request.connection().close();
          }).start();

      for (int i = 0; i < 3; i++) {
        assertThat(client.send(gateway.port(), HttpMethod.GET, "/api/projects").status()).isEqualTo(502);
      }

      // the first request leaves half a retry, the second a whole one (spent), the third half again
      assertThat(upstreamRequests).hasValue(4);
    }
  }

  private URI closedPort() {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {}).listen(0, "127.0.0.1").await();
    int port = server.actualPort();
    server.close().await();
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Counts what the forward stage asks of the upstream client: each call is one connection attempt or reuse. */
  private static final class CountingClient implements HttpClient {
    private final HttpClient delegate;
    private final AtomicInteger requests;

    CountingClient(HttpClient delegate, AtomicInteger requests) {
      this.delegate = delegate;
      this.requests = requests;
    }

    @Override
    public Future<HttpClientRequest> request(RequestOptions options) {
      requests.incrementAndGet();
      return delegate.request(options);
    }

    @Override
    public Future<Void> shutdown(long timeout, TimeUnit unit) {
      return delegate.shutdown(timeout, unit);
    }
  }
}
