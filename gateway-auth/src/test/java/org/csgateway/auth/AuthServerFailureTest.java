package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.auth.testing.FakeAuthorizationServer.Mode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The authorization server failing: the gateway fails closed with 503, quickly, and forgets the failure. */
@ExtendWith(VertxExtension.class)
class AuthServerFailureTest {
  private AuthFixture fx;
  private String token;

  @BeforeEach
  void start(Vertx vertx) {
    fx = AuthFixture.start(vertx, server -> {
      AuthConfig defaults = AuthConfig.defaults();
      return new AuthConfig(defaults.strategy(), 401, Duration.ofMillis(300), defaults.cache(), defaults.basic());
    });
    token = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));
  }

  private HttpResponse<Buffer> call() throws TimeoutException {
    return fx.request(HttpMethod.GET, "/api/projects").bearerTokenAuthentication(token).send()
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  void should_answer_503_when_the_authorization_server_answers_5xx() throws TimeoutException {
    fx.server.mode(Mode.ERROR_503);

    HttpResponse<Buffer> response = call();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getString(0))
        .isEqualTo("The authorization server is unavailable, try again later");
    assertThat(fx.server.upstreamCalls).hasValue(0);
    assertThat(fx.failures).extracting(AuthFailure::kind).containsExactly(AuthFailure.Kind.AUTH_SERVER_UNAVAILABLE);
  }

  @Test
  void should_answer_503_within_the_timeout_when_the_authorization_server_never_answers() throws TimeoutException {
    fx.server.mode(Mode.HANG);

    assertThat(call().statusCode()).isEqualTo(503);
    assertThat(fx.server.upstreamCalls).hasValue(0);
  }

  @Test
  void should_answer_503_when_the_authorization_server_is_unreachable() throws TimeoutException {
    fx.server.stop().await();

    assertThat(call().statusCode()).isEqualTo(503);
  }

  @Test
  void should_ask_again_as_soon_as_the_authorization_server_is_back() throws TimeoutException {
    fx.server.mode(Mode.ERROR_503);
    assertThat(call().statusCode()).isEqualTo(503);

    fx.server.mode(Mode.NORMAL);

    assertThat(call().statusCode()).isEqualTo(200);
    assertThat(fx.server.tokenInfoCalls).hasValue(2);
  }
}
