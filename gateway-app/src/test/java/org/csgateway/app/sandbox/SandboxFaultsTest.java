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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The fault switches, from Java and over HTTP, observed by real clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxFaultsTest {
  private final SandboxFixture fixture = new SandboxFixture();
  private final HttpClient http = fixture.vertx.createHttpClient();

  @AfterEach
  void clearFaults() {
    fixture.sandbox.faults().clear();
  }

  @AfterAll
  void close() {
    http.close().await();
    fixture.close();
  }

  private RequestOptions request(String uri) {
    return new RequestOptions().setHost("127.0.0.1").setPort(fixture.port).setURI(uri)
        .putHeader("Authorization", demoBasic());
  }

  private HttpClientResponse head(String uri) {
    return http.request(request(uri)).compose(r -> r.send()).await();
  }

  @Test
  void should_wait_before_answering_when_a_delay_is_set_and_stop_after_its_count() {
    fixture.sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(300)).times(1));

    long start = System.nanoTime();
    HttpResponse<Buffer> delayed = fixture.get("/api/version", "Authorization", demoBasic());
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(delayed.statusCode()).isEqualTo(200);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    assertThat(fixture.sandbox.faults().active()).isEmpty();
  }

  @Test
  void should_keep_the_request_body_when_a_delay_holds_a_write() {
    fixture.sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(50)));

    HttpResponse<Buffer> response = fixture.sendJson(HttpMethod.POST, "/api/container_registry",
        "{\"container_registry\":{\"name\":\"delayed\"}}", "Authorization", demoBasic());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getJsonObject("container_registry").getString("name")).isEqualTo("delayed");
  }

  @Test
  void should_leave_other_paths_alone_when_the_fault_has_a_path_prefix() {
    fixture.sandbox.faults().add(SandboxFault.status(503).times(1).onPath("/api/zones"));

    assertThat(fixture.get("/api/version", "Authorization", demoBasic()).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/api/zones", "Authorization", demoBasic()).statusCode()).isEqualTo(503);
    assertThat(fixture.get("/api/zones", "Authorization", demoBasic()).statusCode()).isEqualTo(200);
  }

  @Test
  void should_answer_the_given_5xx_with_an_errors_body_for_the_next_n_requests() {
    fixture.sandbox.faults().add(SandboxFault.status(502).times(2));

    HttpResponse<Buffer> first = fixture.get("/api/projects", "Authorization", demoBasic());
    HttpResponse<Buffer> second = fixture.get("/api/projects", "Authorization", demoBasic());
    HttpResponse<Buffer> third = fixture.get("/api/projects", "Authorization", demoBasic());

    assertThat(first.statusCode()).isEqualTo(502);
    assertThat(first.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);
    assertThat(second.statusCode()).isEqualTo(502);
    assertThat(third.statusCode()).isEqualTo(200);
  }

  @Test
  void should_reset_the_connection_before_any_response_byte() {
    fixture.sandbox.faults().add(SandboxFault.resetBeforeResponse().times(1));
    long before = fixture.sandbox.stats().totalRequests();

    assertThatThrownBy(() -> head("/api/projects")).isNotNull();
    assertThat(fixture.sandbox.stats().totalRequests()).isEqualTo(before + 1);
    assertThat(head("/api/projects").statusCode()).isEqualTo(200);
  }

  @Test
  void should_send_the_head_then_cut_the_body_when_reset_mid_body_is_set() {
    fixture.sandbox.faults().add(SandboxFault.resetMidBody().times(1));

    AtomicReference<HttpClientResponse> head = new AtomicReference<>();

    // body() is asked for in the turn of the event loop that received the head (a step chained from this thread may
    // run later, when the reset may already have gone unseen); the same holds for a handler set on the response.
    Future<Buffer> body = http.request(request("/api/projects?per_page=75")).compose(sent -> sent.send().compose(r -> {
      head.set(r);
      return r.body();
    }));

    assertThat(body.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS);
    assertThat(head.get().statusCode()).isEqualTo(200);
    long declared = Long.parseLong(head.get().getHeader("Content-Length"));
    assertThat(declared).isGreaterThan(1000);
  }

  @Test
  void should_cut_a_streamed_download_halfway_when_reset_mid_body_is_set() {
    fixture.sandbox.faults().add(SandboxFault.resetMidBody().onPath("/_sandbox/bytes"));
    AtomicInteger received = new AtomicInteger();

    assertThatThrownBy(() -> http.request(request("/_sandbox/bytes/1000000")).compose(sent -> sent.send().compose(r -> {
      r.handler(b -> received.addAndGet(b.length()));
      return r.end();
    })).await()).isNotNull();
    assertThat(received.get()).isPositive().isLessThanOrEqualTo(500_000);
  }

  @Test
  void should_dribble_the_body_when_slow_body_is_set() {
    fixture.sandbox.faults().add(SandboxFault.slowBody(Duration.ofMillis(20), 100).onPath("/_sandbox/bytes"));
    AtomicInteger chunks = new AtomicInteger();
    AtomicInteger received = new AtomicInteger();

    long start = System.nanoTime();
    http.request(request("/_sandbox/bytes/1000")).compose(sent -> sent.send().compose(r -> {
      r.handler(b -> {
        chunks.incrementAndGet();
        received.addAndGet(b.length());
      });
      return r.end();
    })).await();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(received.get()).isEqualTo(1000);
    assertThat(chunks.get()).isGreaterThanOrEqualTo(5);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(9 * 20);
  }

  @Test
  void should_dribble_an_api_body_with_its_content_length() {
    fixture.sandbox.faults().add(SandboxFault.slowBody(Duration.ofMillis(5), 512).times(1));

    HttpResponse<Buffer> response = fixture.get("/api/projects", "Authorization", demoBasic());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("projects")).hasSize(30);
  }

  @Test
  void should_fail_the_client_when_the_answer_is_garbage() {
    fixture.sandbox.faults().add(SandboxFault.garbage().times(1));

    assertThatThrownBy(() -> head("/api/version")).isNotNull();
    assertThat(head("/api/version").statusCode()).isEqualTo(200);
  }

  @Test
  void should_switch_faults_over_http_and_list_them() {
    HttpResponse<Buffer> put = fixture.sendJson(HttpMethod.PUT, "/_sandbox/faults",
        "{\"faults\":[{\"kind\":\"status\",\"status\":504,\"times\":1,\"pathPrefix\":\"/api/version\"}]}");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(fixture.get("/_sandbox/faults").bodyAsJsonObject().getJsonArray("faults").getJsonObject(0))
        .isEqualTo(new JsonObject().put("kind", "status").put("status", 504).put("times", 1)
            .put("pathPrefix", "/api/version"));
    assertThat(fixture.get("/api/version", "Authorization", demoBasic()).statusCode()).isEqualTo(504);
    assertThat(fixture.get("/api/version", "Authorization", demoBasic()).statusCode()).isEqualTo(200);

    fixture.sendJson(HttpMethod.PUT, "/_sandbox/faults", "{\"kind\":\"delay\",\"delayMs\":10}");
    assertThat(fixture.sandbox.faults().active()).containsExactly(SandboxFault.delay(Duration.ofMillis(10)));
    assertThat(fixture.send(HttpMethod.DELETE, "/_sandbox/faults").statusCode()).isEqualTo(200);
    assertThat(fixture.sandbox.faults().active()).isEmpty();
  }

  @Test
  void should_refuse_an_invalid_fault_with_400_and_keep_the_old_ones() {
    fixture.sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(1)));

    HttpResponse<Buffer> response = fixture.sendJson(HttpMethod.PUT, "/_sandbox/faults",
        "{\"kind\":\"status\",\"status\":200}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getString(0)).contains("5xx");
    assertThat(fixture.sandbox.faults().active()).hasSize(1);
  }

  @Test
  void should_never_fault_the_control_api() {
    fixture.sandbox.faults().add(SandboxFault.resetBeforeResponse());

    assertThat(fixture.get("/_sandbox/stats").statusCode()).isEqualTo(200);
    assertThat(fixture.send(HttpMethod.DELETE, "/_sandbox/faults").statusCode()).isEqualTo(200);
  }
}
