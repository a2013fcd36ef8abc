package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.core.error.GatewayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hook for the failed-authentication limiter: asked before unknown credentials are checked, not for good ones. */
@ExtendWith(VertxExtension.class)
class FailedAuthenticationAdmissionTest {
  private AuthFixture fx;

  @BeforeEach
  void start(Vertx vertx) {
    fx = AuthFixture.start(vertx);
    // a stand-in for FailedAuthenticationLimiter: blocks a caller after two credential failures
    fx.admission = exchange -> fx.failures.stream().filter(f -> f.kind().isCredentialFailure()).count() < 2
        ? Future.succeededFuture()
        : Future.failedFuture(new GatewayException(429, "TOO_MANY_FAILED_AUTHENTICATIONS", "Too many failures",
            Map.of("Retry-After", "60"), null));
  }

  @Test
  void should_refuse_a_blocked_caller_before_asking_the_authorization_server() {
    fx.getWithToken("/api/projects", "guess-1");
    fx.getWithToken("/api/projects", "guess-2");

    HttpResponse<Buffer> third = fx.getWithToken("/api/projects", "guess-3");

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.getHeader("Retry-After")).isEqualTo("60");
    assertThat(fx.server.tokenInfoCalls).hasValue(2);
  }

  @Test
  void should_not_ask_about_a_token_already_known_to_be_good() {
    String token = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));
    fx.getWithToken("/api/projects", token);
    fx.getWithToken("/api/projects", "guess-1");
    fx.getWithToken("/api/projects", "guess-2");

    HttpResponse<Buffer> known = fx.getWithToken("/api/projects", token);

    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(fx.admissions).hasValue(3); // the first use of the good token and the two guesses
  }

  @Test
  void should_report_an_api_credential_refused_upstream_as_a_credential_failure() {
    fx.getWithBasic("/api/projects", "mallory", "guess");

    assertThat(fx.failures).extracting(AuthFailure::kind).containsExactly(AuthFailure.Kind.INVALID_BASIC);
    assertThat(fx.failures.get(0).credentialHash()).isNotBlank().doesNotContain("guess");
  }
}
