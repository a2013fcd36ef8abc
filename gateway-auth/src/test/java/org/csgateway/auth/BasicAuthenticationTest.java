package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.auth.testing.CacheHitStandIn;
import org.csgateway.auth.testing.TestGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API credentials: forwarded, learnt from the upstream's answer, refused at the gateway once refused upstream. */
@ExtendWith(VertxExtension.class)
class BasicAuthenticationTest {
  private AuthFixture fx;

  @BeforeEach
  void start(Vertx vertx) {
    fx = AuthFixture.start(vertx);
    fx.server.addApiCredential("alice", "correct-horse-battery");
  }

  @Test
  void should_forward_good_credentials_unchanged_with_every_scope() {
    HttpResponse<Buffer> projects = fx.getWithBasic("/api/projects", "alice", "correct-horse-battery");
    HttpResponse<Buffer> admin = fx.getWithBasic("/api/admin/users", "alice", "correct-horse-battery");

    assertThat(projects.statusCode()).isEqualTo(200);
    assertThat(admin.statusCode()).isEqualTo(200); // the upstream decides whether alice is an admin
    assertThat(projects.getHeader(TestGateway.PRINCIPAL_HEADER)).matches("basic:[A-Za-z0-9_-]{22} BASIC");
    assertThat(fx.server.upstreamHeaders.get(0).get("Authorization"))
        .isEqualTo(fx.server.upstreamHeaders.get(1).get("Authorization")).startsWith("Basic ");
    assertThat(fx.server.tokenInfoCalls).hasValue(0);
  }

  @Test
  void should_answer_a_wrong_credential_at_the_gateway_after_the_first_upstream_401_for_the_configured_time() {
    HttpResponse<Buffer> first = fx.getWithBasic("/api/projects", "alice", "wrong");
    HttpResponse<Buffer> second = fx.getWithBasic("/api/projects/7", "alice", "wrong");
    assertThat(fx.server.upstreamCalls).hasValue(1);

    fx.clock.advance(Duration.ofSeconds(14));
    assertThat(fx.getWithBasic("/api/projects", "alice", "wrong").statusCode()).isEqualTo(401);
    assertThat(fx.server.upstreamCalls).hasValue(1);
    fx.clock.advance(Duration.ofSeconds(1)); // invalidTtl 15s by default
    assertThat(fx.getWithBasic("/api/projects", "alice", "wrong").statusCode()).isEqualTo(401);

    assertThat(fx.server.upstreamCalls).hasValue(2);
    assertThat(first.statusCode()).isEqualTo(401);
    assertThat(second.statusCode()).isEqualTo(401);
    assertThat(second.bodyAsJsonObject().encode()).isEqualTo("{\"errors\":[\"Not Authorized\"]}");
    assertThat(second.getHeader("WWW-Authenticate")).isNull();
    assertThat(fx.failures).hasSize(4).extracting(AuthFailure::kind).containsOnly(AuthFailure.Kind.INVALID_BASIC);
  }

  @Test
  void should_keep_forwarding_the_right_password_while_a_wrong_one_is_refused() {
    fx.getWithBasic("/api/projects", "alice", "wrong");

    HttpResponse<Buffer> right = fx.getWithBasic("/api/projects", "alice", "correct-horse-battery");

    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(fx.server.upstreamCalls).hasValue(2);
  }

  @Test
  void should_not_extend_a_valid_verdict_on_answers_the_upstream_never_saw() {
    assertThat(fx.getWithBasic("/api/projects", "alice", "correct-horse-battery").statusCode()).isEqualTo(200);
    assertThat(fx.admissions).hasValue(1); // unknown at first: admitted like any unverified caller

    fx.clock.advance(Duration.ofSeconds(50));
    assertThat(cacheHit("alice", "correct-horse-battery").statusCode()).isEqualTo(200);
    assertThat(fx.admissions).hasValue(1); // still known valid from the upstream's 200

    fx.clock.advance(Duration.ofSeconds(11)); // validTtl 60s after the upstream's answer, 11s after the hit
    assertThat(cacheHit("alice", "correct-horse-battery").statusCode()).isEqualTo(200);

    assertThat(fx.admissions).hasValue(2); // the hit did not restart the verdict's lifetime
    assertThat(fx.server.upstreamCalls).hasValue(1);
  }

  private HttpResponse<Buffer> cacheHit(String username, String password) {
    return fx.request(HttpMethod.GET, "/api/projects").basicAuthentication(username, password)
        .putHeader(CacheHitStandIn.HEADER, "1").send().await();
  }

  @Test
  void should_not_learn_from_a_401_on_an_admin_route() {
    fx.getWithBasic("/api/admin/users", "alice", "wrong");
    fx.getWithBasic("/api/admin/users", "alice", "wrong");

    assertThat(fx.server.upstreamCalls).hasValue(2); // a valid non-admin user gets 401 there too
  }

  @Test
  void should_refuse_undecodable_basic_credentials_without_asking_the_upstream() {
    HttpResponse<Buffer> response = fx.request(HttpMethod.GET, "/api/projects")
        .putHeader("Authorization", "Basic !!not-base64!!").send().await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().encode()).isEqualTo("{\"errors\":[\"Not Authorized\"]}");
    assertThat(fx.server.upstreamCalls).hasValue(0);
  }

  @Test
  void should_forget_a_refused_credential_at_once_after_admin_eviction() {
    fx.getWithBasic("/api/projects", "alice", "wrong");
    fx.server.addApiCredential("alice", "wrong"); // the user changed the password to the one they sent

    fx.auth.admin().evictAll();

    assertThat(fx.getWithBasic("/api/projects", "alice", "wrong").statusCode()).isEqualTo(200);
  }
}
