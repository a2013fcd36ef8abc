package org.csgateway.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorShapeNormalizationFilterTest {
  private static final String JSON = "application/json; charset=utf-8";

  private final ErrorShapeNormalizationFilter filter =
      new ErrorShapeNormalizationFilter(new ErrorShapePolicy(true, 1024), new ErrorResponder());

  private Future<GatewayResponse> through(HttpMethod method, GatewayResponse upstream) {
    return filter.apply(TestExchanges.exchange(method, "/api/domains/1"), RecordingChain.answering(e -> upstream));
  }

  private static GatewayResponse streamed(int status, String contentType, ReadStream<Buffer> body) {
    MultiMap headers = HttpHeaders.headers().set(HttpHeaders.TRANSFER_ENCODING, "chunked");
    if (contentType != null) {
      headers.set(HttpHeaders.CONTENT_TYPE, contentType);
    }
    return GatewayResponse.streaming(status, headers, body);
  }

  private GatewayResponse normalized(int status, String contentType, String... chunks) {
    return through(HttpMethod.GET, streamed(status, contentType, InMemoryReadStream.of(chunks))).result();
  }

  private static String text(GatewayResponse response) {
    return Bodies.of(response).result().toString();
  }

  @Test
  void should_stand_in_the_transform_stage() {
    assertThat(filter.stage()).isEqualTo(Stage.TRANSFORM);
    assertThat(filter.id()).isEqualTo("error-shape");
  }

  @Nested
  class Rewritten {
    @Test
    void should_wrap_the_message_in_a_list_when_errors_is_a_string() {
      GatewayResponse response = normalized(404, JSON, "{\"errors\":", "\"Unknown Domain\"}");

      assertThat(response.status()).isEqualTo(404);
      assertThat(text(response)).isEqualTo("{\"errors\":[\"Unknown Domain\"]}");
      assertThat(response.headers().get(HttpHeaders.CONTENT_LENGTH)).isEqualTo("29");
      assertThat(response.headers().contains(HttpHeaders.TRANSFER_ENCODING)).isFalse();
      assertThat(response.headers().get(HttpHeaders.CONTENT_TYPE)).isEqualTo(JSON);
    }

    @Test
    void should_list_field_messages_in_order_when_errors_is_a_hash() {
      GatewayResponse response = normalized(400, JSON,
          "{\"errors\":{\"name\":[\"can't be blank\",\"is too short\"],",
          "\"base\":[\"Registry is busy\"],\"port\":\"is invalid\",\"tags\":[]}}");

      assertThat(text(response)).isEqualTo(
          "{\"errors\":[\"name can't be blank\",\"name is too short\",\"Registry is busy\",\"port is invalid\"]}");
    }

    @Test
    void should_keep_other_members_when_the_body_has_more_than_errors() {
      GatewayResponse response = normalized(500, JSON, "{\"status\":\"failed\",\"errors\":\"Unable to delete\"}");

      assertThat(text(response)).isEqualTo("{\"status\":\"failed\",\"errors\":[\"Unable to delete\"]}");
    }

    @Test
    void should_rewrite_a_complete_body_and_drop_its_etag_when_it_is_not_streamed() {
      MultiMap headers = HttpHeaders.headers().set(HttpHeaders.CONTENT_TYPE, "application/vnd.api+json")
          .set(HttpHeaders.ETAG, "\"abc\"").set(HttpHeaders.CONTENT_LENGTH, "20");
      GatewayResponse response = through(HttpMethod.GET,
          GatewayResponse.of(500, headers, Buffer.buffer("{\"errors\":\"broken\"}"))).result();

      assertThat(text(response)).isEqualTo("{\"errors\":[\"broken\"]}");
      assertThat(response.headers().get(HttpHeaders.CONTENT_LENGTH)).isEqualTo("21");
      assertThat(response.headers().contains(HttpHeaders.ETAG)).isFalse();
    }
  }

  @Nested
  class Untouched {
    @ParameterizedTest
    @ValueSource(strings = {"{ \"errors\" : [ \"already a list\" ] }", "{\"error\":\"other key\"}", "[1,2,3]",
        "\"just a string\"", "{\"errors\":{\"a\":{\"nested\":1}}}", "{\"errors\":{\"a\":[1]}}", "{\"errors\":null}",
        "{\"errors\":\"truncated\"", "", "{\"errors\":\"caf\u00e9\" } trailing"})
    void should_re_emit_the_exact_bytes_when_the_json_has_another_shape(String body) {
      GatewayResponse response = normalized(422, JSON, body);

      assertThat(Bodies.of(response).result().getBytes()).isEqualTo(Buffer.buffer(body).getBytes());
      assertThat(response.headers().get(HttpHeaders.CONTENT_LENGTH))
          .isEqualTo(Integer.toString(Buffer.buffer(body).length()));
    }

    @Test
    void should_not_read_the_body_when_it_is_not_json() {
      InMemoryReadStream body = InMemoryReadStream.of("{\"errors\":\"html?\"}");
      GatewayResponse upstream = streamed(404, "text/html", body);

      GatewayResponse response = through(HttpMethod.GET, upstream).result();

      assertThat(response).isSameAs(upstream);
      assertThat(body.delivered()).isZero();
    }

    @Test
    void should_not_read_the_body_when_it_is_a_success() {
      InMemoryReadStream body = InMemoryReadStream.of("{\"errors\":\"fine\"}");
      GatewayResponse upstream = streamed(200, JSON, body);

      assertThat(through(HttpMethod.GET, upstream).result()).isSameAs(upstream);
      assertThat(body.delivered()).isZero();
    }

    @Test
    void should_not_read_the_body_when_it_is_content_encoded() {
      GatewayResponse upstream = streamed(400, JSON, InMemoryReadStream.of("\u001f\u008b..."));
      upstream.headers().set(HttpHeaders.CONTENT_ENCODING, "gzip");

      assertThat(through(HttpMethod.GET, upstream).result()).isSameAs(upstream);
    }

    @Test
    void should_not_read_the_body_when_content_length_is_over_the_limit() {
      InMemoryReadStream body = InMemoryReadStream.of("{\"errors\":\"" + "x".repeat(2000) + "\"}");
      GatewayResponse upstream = streamed(500, JSON, body);
      upstream.headers().remove(HttpHeaders.TRANSFER_ENCODING).set(HttpHeaders.CONTENT_LENGTH, "2014");

      assertThat(through(HttpMethod.GET, upstream).result()).isSameAs(upstream);
      assertThat(body.delivered()).isZero();
    }

    @Test
    void should_stream_the_exact_bytes_on_when_an_unannounced_body_proves_over_the_limit() {
      String head = "{\"errors\":\"";
      String filler = "y".repeat(600);
      InMemoryReadStream body = InMemoryReadStream.of(head, filler, filler, filler, "\"}");

      GatewayResponse response = through(HttpMethod.GET, streamed(500, JSON, body)).result();

      assertThat(response.isStreaming()).isTrue();
      assertThat(body.delivered()).as("read no further than the limit").isEqualTo(3);
      assertThat(response.headers().get(HttpHeaders.TRANSFER_ENCODING)).isEqualTo("chunked");
      assertThat(text(response)).isEqualTo(head + filler + filler + filler + "\"}");
    }

    @Test
    void should_leave_head_answers_alone() {
      InMemoryReadStream body = InMemoryReadStream.of("{\"errors\":\"x\"}");
      GatewayResponse upstream = streamed(404, JSON, body);

      assertThat(through(HttpMethod.HEAD, upstream).result()).isSameAs(upstream);
    }
  }

  @Test
  void should_fail_with_502_when_the_upstream_breaks_off_while_sending_the_error() {
    InMemoryReadStream body = InMemoryReadStream.failingAfter(new IOException("connection reset"), "{\"errors\":");

    Future<GatewayResponse> result = through(HttpMethod.GET, streamed(500, JSON, body));

    assertThat(result.failed()).isTrue();
    assertThat(result.cause()).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.status()).isEqualTo(502));
  }
}
