package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.tls.GatewayCalls.get;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.app.tls.GatewayCalls.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cleartext listener with {@code http2} on (the default) and {@code h2c} on (not the default): h2c with prior knowledge, h2c through the HTTP/1.1
 * {@code Upgrade}, and plain HTTP/1.1 all reach the sandbox through the gateway.
 */
@ExtendWith(VertxExtension.class)
class CleartextHttp2Test {
  private static TestGateway gateway;
  private static HttpClient priorKnowledge;
  private static HttpClient upgrade;
  private static HttpClient http1;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 2, h2c: true}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """);
    int port = gateway.ports().proxy();
    priorKnowledge = vertx.createHttpClient(GatewayCalls.h2c(port, false));
    upgrade = vertx.createHttpClient(GatewayCalls.h2c(port, true));
    http1 = vertx.createHttpClient(GatewayCalls.http1(port));
  }

  @AfterAll
  static void stop() {
    priorKnowledge.close().await();
    upgrade.close().await();
    http1.close().await();
    gateway.close();
  }

  @BeforeEach
  void forgetRequests() {
    gateway.sandbox().clearRecordedRequests();
  }

  @Test
  void should_answer_over_http2_when_the_client_speaks_h2c_with_prior_knowledge() {
    Reply reply = get(priorKnowledge, "/api/projects?per_page=2");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getJsonArray("projects")).hasSize(2);
    assertThat(reply.headers().get("Link")).contains("<http://127.0.0.1:" + gateway.ports().proxy() + "/api/projects?");
    RecordedRequest forwarded = gateway.sandbox().recentRequests().get(0);
    assertThat(forwarded.uri()).isEqualTo("/api/projects?page=1&per_page=2");
    assertThat(forwarded.header("Transfer-Encoding")).as("a GET has no body upstream").isNull();
    assertThat(forwarded.header("Upgrade")).isNull();
  }

  @Test
  void should_switch_to_http2_when_the_client_asks_for_the_h2c_upgrade() {
    Reply reply = get(upgrade, "/api/projects?per_page=1");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getJsonArray("projects")).hasSize(1);
    RecordedRequest forwarded = gateway.sandbox().recentRequests().get(0);
    assertThat(forwarded.header("Upgrade")).as("the upgrade is the gateway's, never the upstream's").isNull();
    assertThat(forwarded.header("HTTP2-Settings")).isNull();
  }

  @Test
  void should_forward_a_body_sent_in_several_h2c_frames() {
    // written in two chunks without Content-Length: the body arrives as two DATA frames after the headers
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/x-www-form-urlencoded")
        .add("Authorization", GatewayCalls.basic(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET));
    Reply token = GatewayCalls.sendChunked(priorKnowledge, HttpMethod.POST, "/api/oauth/token", headers,
        Buffer.buffer("grant_type=password&username=" + SandboxIdentities.DEMO_API_KEY),
        Buffer.buffer("&password=" + SandboxIdentities.DEMO_API_SECRET
            + "&scope=project_read"));

    assertThat(token.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.body().toJsonObject().getString("access_token")).as("the password came in the second frame").isNotBlank();
  }

  @Test
  void should_keep_answering_http1_when_the_client_speaks_http1() {
    Reply reply = get(http1, "/api/projects?per_page=1");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.peer()).isNull();
  }
}
