package org.csgateway.app.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4, pagination, through the real gateway in front of the sandbox: the docs' {@code per-page} and garbage
 * {@code page} values reach the sandbox as the canonical {@code page=N&per_page=M}; {@code Per-Page} and a
 * {@code Link} pointing at the gateway come back; a page size over the maximum is clamped (default) or refused
 * with 422 before the sandbox ({@code overMaximum: reject}).
 */
@ExtendWith(VertxExtension.class)
class PaginationEndToEndTest {
  private static TestGateway clamping;
  private static TestGateway rejecting;
  private static ContractHttp http;

  @BeforeAll
  static void start(Vertx vertx) {
    clamping = TestGateway.start(vertx, TestGateway.SANDBOX_YAML);
    rejecting = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        pagination: {maxPerPage: 100, overMaximum: reject}
        """);
    http = new ContractHttp(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    clamping.close();
    rejecting.close();
  }

  @BeforeEach
  void forgetRequests() {
    clamping.sandbox().clearRecordedRequests();
    rejecting.sandbox().clearRecordedRequests();
  }

  private static ContractHttp.Reply projects(TestGateway gateway, String query) {
    return http.to(gateway.ports().proxy(), HttpMethod.GET, "/api/projects?" + query)
        .header("Accept", "application/json").asDemo().send();
  }

  private static List<String> urisReceivedBy(TestGateway gateway) {
    return gateway.sandbox().recentRequests().stream().map(RecordedRequest::uri).toList();
  }

  @Test
  void should_forward_canonical_parameters_and_link_to_the_gateway_when_the_client_spells_them_loosely() {
    ContractHttp.Reply reply = projects(clamping, "per-page=5&page=abc");

    assertThat(urisReceivedBy(clamping)).containsExactly("/api/projects?page=1&per_page=5");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getJsonArray("projects")).hasSize(5);
    assertThat(reply.header("Per-Page")).isEqualTo("5");
    assertThat(reply.header("Total")).isEqualTo("75");
    String link = reply.header("Link");
    assertThat(link).contains("<" + clamping.baseUrl() + "/api/projects?").contains("rel=\"next\"")
        .contains("per_page=5").doesNotContain("per-page");
    assertThat(link).doesNotContain(":" + clamping.ports().sandbox() + "/");
  }

  @Test
  void should_clamp_the_page_size_to_the_maximum_when_the_client_asks_for_more() {
    ContractHttp.Reply reply = projects(clamping, "per_page=1000");

    assertThat(urisReceivedBy(clamping)).containsExactly("/api/projects?page=1&per_page=100");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Per-Page")).isEqualTo("100");
    assertThat(reply.json().getJsonArray("projects")).hasSize(75);
  }

  @Test
  void should_refuse_with_422_without_reaching_the_sandbox_when_over_maximum_is_reject() {
    long before = rejecting.sandbox().stats().totalRequests();

    ContractHttp.Reply reply = projects(rejecting, "per_page=1000");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().getJsonArray("errors").getList()).singleElement().asString().contains("100");
    assertThat(rejecting.sandbox().stats().totalRequests()).isEqualTo(before);
    assertThat(urisReceivedBy(rejecting)).isEmpty();
  }

  @Test
  void should_forward_the_maximum_unchanged_when_over_maximum_is_reject() {
    ContractHttp.Reply reply = projects(rejecting, "per_page=100&page=2");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Per-Page")).isEqualTo("100");
    assertThat(urisReceivedBy(rejecting)).containsExactly("/api/projects?page=2&per_page=100");
  }
}
