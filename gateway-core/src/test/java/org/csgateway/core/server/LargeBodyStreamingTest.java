package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 MB each way through the gateway in a JVM whose heap is capped at 64 MB (the {@code capped-heap} surefire
 * execution): the bodies can only get through if every hop streams them with backpressure. Bytes are made up and
 * counted on the fly at both ends, and their CRC-32 compared.
 */
@Tag("capped-heap")
@Timeout(value = 3, unit = TimeUnit.MINUTES) // 400 MB through a tiny heap can be slow on a loaded CI machine
@ExtendWith(VertxExtension.class)
class LargeBodyStreamingTest {
  private static final long SIZE = 200L * 1024 * 1024;
  private static final ServerLimits LIMITS =
      new ServerLimits(8192, 16 * 1024, 256L * 1024 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(60));

  private Vertx vertx;
  private HttpClient client;
  private TestGateway gateway;

  @BeforeEach
  void setUp(Vertx vertx) {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("this test proves streaming only in a JVM whose heap is far below the body size (run with -Xmx64m)")
        .isLessThan(SIZE / 2);
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.gateway = TestGateway.builder(vertx).limits(LIMITS).upstream(this::upstream).start();
  }

  @Test
  void should_stream_a_200_mb_upload_to_the_upstream_when_the_heap_is_far_smaller() {
    Context context = vertx.getOrCreateContext();
    GeneratedBody body = new GeneratedBody(context, SIZE);
    Promise<Buffer> answer = Promise.promise();
    context.runOnContext(start -> client.request(HttpMethod.POST, gateway.port(), "127.0.0.1", "/upload")
        .compose(request -> request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(SIZE)).send(body))
        .compose(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          return response.body();
        })
        .onComplete(answer));

    JsonObject received = answer.future().timeout(30, TimeUnit.SECONDS).await().toJsonObject();

    assertThat(received.getLong("bytes")).isEqualTo(SIZE);
    assertThat(received.getLong("crc")).isEqualTo(body.crc());
  }

  @Test
  void should_stream_a_200_mb_download_to_the_client_when_the_heap_is_far_smaller() {
    Context context = vertx.getOrCreateContext();
    StreamCounter counter = new StreamCounter();
    Promise<Void> done = Promise.promise();
    context.runOnContext(start -> client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/download")
        .compose(request -> request.send())
        .compose(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader(HttpHeaders.CONTENT_LENGTH)).isEqualTo(Long.toString(SIZE));
          response.handler(counter::add);
          return response.end();
        })
        .onComplete(done));

    done.future().timeout(30, TimeUnit.SECONDS).await();

    assertThat(counter.bytes()).isEqualTo(SIZE);
    assertThat(counter.crc()).isEqualTo(new GeneratedBody(context, SIZE).crcOfWhole());
  }

  private void upstream(HttpServerRequest request) {
    if (request.path().equals("/download")) {
      request.response().putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(SIZE))
          .send(new GeneratedBody(vertx.getOrCreateContext(), SIZE));
      return;
    }
    StreamCounter counter = new StreamCounter();
    request.handler(counter::add);
    request.endHandler(end -> request.response()
        .end(new JsonObject().put("bytes", counter.bytes()).put("crc", counter.crc()).toBuffer()));
  }
}
