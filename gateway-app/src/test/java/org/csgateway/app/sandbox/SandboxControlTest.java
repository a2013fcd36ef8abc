package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.csgateway.app.sandbox.SandboxFixture.demoBasic;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Counters, the request record, the streaming helpers and the standalone entry point. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxControlTest {
  private final SandboxFixture fixture = new SandboxFixture(SandboxOptions.defaults().withInstances(2));
  private final HttpClient http = fixture.vertx.createHttpClient();

  @BeforeEach
  void reset() {
    fixture.sandbox.stats().reset();
    fixture.sandbox.clearRecordedRequests();
  }

  @AfterAll
  void close() {
    http.close().await();
    fixture.close();
  }

  @Test
  void should_count_total_and_per_route_requests_when_they_arrive_concurrently() {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(fixture.client.get("/api/projects?page=" + (i % 3 + 1)).putHeader("Authorization", demoBasic()).send());
      sent.add(fixture.client.get("/api/projects/" + (i + 1)).putHeader("Authorization", demoBasic()).send());
    }
    Future.all(sent).await();
    fixture.get("/api/nope");

    SandboxStats stats = fixture.sandbox.stats();
    assertThat(stats.totalRequests()).isEqualTo(101);
    assertThat(stats.routeRequests("GET /api/projects")).isEqualTo(50);
    assertThat(stats.routeRequests("GET /api/projects/{id}")).isEqualTo(50);
    assertThat(stats.routeRequests(SandboxStats.UNKNOWN_ROUTE)).isEqualTo(1);
    assertThat(stats.routeRequests()).containsOnlyKeys("GET /api/projects", "GET /api/projects/{id}",
        SandboxStats.UNKNOWN_ROUTE);
  }

  @Test
  void should_show_and_reset_the_counters_over_http_without_counting_itself() {
    fixture.get("/api/version", "Authorization", demoBasic());
    fixture.get("/api/oauth/token/info");

    JsonObject stats = fixture.get("/_sandbox/stats").bodyAsJsonObject();
    fixture.send(HttpMethod.POST, "/_sandbox/stats/reset");

    assertThat(stats.getLong("totalRequests")).isEqualTo(2);
    assertThat(stats.getLong("tokenInfoCalls")).isEqualTo(1);
    assertThat(stats.getJsonObject("routes").getLong("GET /api/version")).isEqualTo(1);
    assertThat(fixture.sandbox.stats().totalRequests()).isZero();
  }

  @Test
  void should_record_requests_as_they_arrived() {
    fixture.get("/api/version?x=1", "Authorization", demoBasic(), "X-Forwarded-For", "203.0.113.9");

    List<RecordedRequest> recent = fixture.sandbox.recentRequests();
    JsonArray overHttp = fixture.get("/_sandbox/requests").bodyAsJsonObject().getJsonArray("requests");

    assertThat(recent).hasSize(1);
    assertThat(recent.get(0).method()).isEqualTo("GET");
    assertThat(recent.get(0).uri()).isEqualTo("/api/version?x=1");
    assertThat(recent.get(0).header("x-forwarded-for")).isEqualTo("203.0.113.9");
    assertThat(recent.get(0).at()).isEqualTo(fixture.clock.instant());
    assertThat(overHttp).hasSize(1);
  }

  @Test
  void should_stream_exactly_n_bytes_in_chunks() {
    AtomicLong received = new AtomicLong();
    // The handler is set in the turn of the event loop that received the head: chained from this thread, it could
    // be set after the first chunks had arrived and been dropped (the likely cause of a run that got 1 MiB short).
    HttpClientResponse response = http.request(new RequestOptions().setPort(fixture.port).setHost("127.0.0.1")
        .setURI("/_sandbox/bytes/5000000")).compose(sent -> sent.send().compose(r -> {
          r.handler(b -> received.addAndGet(b.length()));
          return r.end().map(r);
        })).await();

    assertThat(response.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(received.get()).isEqualTo(5_000_000);
    assertThat(fixture.sandbox.stats().totalRequests()).isEqualTo(1);
  }

  @Test
  void should_count_and_discard_an_uploaded_body() {
    Buffer body = Buffer.buffer(new byte[3_000_000]);

    HttpResponse<Buffer> response = fixture.client.post("/_sandbox/sink").sendBuffer(body).await();

    assertThat(response.bodyAsJsonObject().getLong("bytes")).isEqualTo(3_000_000);
  }

  @Test
  void should_echo_the_request_as_received() {
    HttpResponse<Buffer> response = fixture.client.put("/_sandbox/echo?q=1").putHeader("X-Thing", "yes")
        .sendBuffer(Buffer.buffer("hello")).await();

    JsonObject echo = response.bodyAsJsonObject();
    assertThat(echo.getString("method")).isEqualTo("PUT");
    assertThat(echo.getString("uri")).isEqualTo("/_sandbox/echo?q=1");
    assertThat(echo.getLong("bodyBytes")).isEqualTo(5);
    assertThat(echo.getJsonArray("headers")).contains(new JsonArray().add("X-Thing").add("yes"));
  }

  @Test
  void should_answer_404_page_not_found_outside_api_and_the_control_paths() {
    HttpResponse<Buffer> response = fixture.get("/nothing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsString()).isEqualTo("{\"errors\":[\"page not found.\"]}");
  }

  @Test
  void should_refuse_a_second_start_and_report_the_port() {
    assertThat(fixture.sandbox.port()).isEqualTo(fixture.port);
    assertThat(fixture.sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + fixture.port);
    assertThatThrownBy(() -> fixture.sandbox.start().await()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void should_parse_the_command_line_of_the_standalone_sandbox() {
    SandboxOptions options = SandboxMain.parse(new String[] {"--port", "9000", "--instances", "2", "--record", "5"});

    assertThat(options.port()).isEqualTo(9000);
    assertThat(options.instances()).isEqualTo(2);
    assertThat(options.recordedRequests()).isEqualTo(5);
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--colour", "red"}))
        .hasMessageContaining("unknown option");
  }
}
