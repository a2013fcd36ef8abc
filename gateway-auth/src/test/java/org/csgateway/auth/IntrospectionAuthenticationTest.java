package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.config.TokenStrategy;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.auth.testing.FakeAuthorizationServer;
import org.csgateway.auth.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code introspection} strategy (RFC 7662) against a real introspection endpoint. */
@ExtendWith(VertxExtension.class)
class IntrospectionAuthenticationTest {

  private static AuthFixture start(Vertx vertx, String secret) {
    return AuthFixture.start(vertx, server -> AuthConfig.defaults().withStrategy(new TokenStrategy.Introspection(
        server.url("/api/oauth/introspect"), FakeAuthorizationServer.INTROSPECTION_CLIENT, secret)));
  }

  @Test
  void should_accept_an_active_token_with_its_scopes_and_owner(Vertx vertx) {
    AuthFixture fx = start(vertx, FakeAuthorizationServer.INTROSPECTION_SECRET);
    String user = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));
    String client = fx.server.issue(null, "app-7", Set.of("public"), Duration.ofHours(2));

    HttpResponse<Buffer> userResponse = fx.getWithToken("/api/projects", user);
    HttpResponse<Buffer> clientResponse = fx.getWithToken("/api/projects", client);

    assertThat(userResponse.statusCode()).isEqualTo(200);
    assertThat(userResponse.getHeader(TestGateway.PRINCIPAL_HEADER)).isEqualTo("user:42/app:app-1 USER_TOKEN");
    assertThat(clientResponse.statusCode()).isEqualTo(403);
    assertThat(fx.server.introspectionCalls).hasValue(2);
  }

  @Test
  void should_refuse_an_inactive_token(Vertx vertx) {
    AuthFixture fx = start(vertx, FakeAuthorizationServer.INTROSPECTION_SECRET);
    String token = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));
    fx.server.revoke(token);

    assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(401);
  }

  @Test
  void should_fail_closed_when_the_gateway_own_client_credentials_are_refused(Vertx vertx) {
    AuthFixture fx = start(vertx, "not-the-gateway-secret");
    String token = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));

    assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(503);
  }
}
