package org.csgateway.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tracing headers through a whole gateway: W3C {@code traceparent} and {@code tracestate} reach the upstream
 * unchanged, and the request id is sent upstream and returned (a trusted client's own, or a generated one).
 */
@ExtendWith(VertxExtension.class)
class TraceHeadersTest {
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  private static TestGateway gateway;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static RecordedRequest upstreamSaw(String requestId) {
    return gateway.sandbox().recentRequests().stream()
        .filter(r -> requestId.equals(r.header("X-Request-Id"))).findFirst().orElseThrow();
  }

  @Test
  void should_pass_traceparent_and_tracestate_unchanged_and_return_the_request_id_when_a_client_sends_them() {
    HttpResponse<Buffer> response = gateway.client().get("/api/projects")
        .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET)
        .putHeader("traceparent", TRACEPARENT).putHeader("tracestate", TRACESTATE).send().await();

    String requestId = response.getHeader("X-Request-Id");
    assertThat(requestId).matches("[0-9a-f]{32}");
    RecordedRequest upstream = upstreamSaw(requestId);
    assertThat(upstream.headers("traceparent")).containsExactly(TRACEPARENT);
    assertThat(upstream.headers("tracestate")).containsExactly(TRACESTATE);
  }

  @Test
  void should_keep_a_trusted_clients_request_id_when_it_sends_one() {
    HttpResponse<Buffer> response = gateway.client().get("/api/projects")
        .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET)
        .putHeader("X-Request-Id", "edge-proxy-id-42").send().await();

    assertThat(response.getHeader("X-Request-Id")).isEqualTo("edge-proxy-id-42");
    assertThat(upstreamSaw("edge-proxy-id-42").headers("X-Request-Id")).containsExactly("edge-proxy-id-42");
  }
}
