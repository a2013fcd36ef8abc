package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.bearer;
import static org.csgateway.app.e2e.auth.Refusals.assertInvalidToken;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Expired and revoked tokens are refused at the gateway. The upstream resolves a token with a user to that user
 * even when it expired or was revoked (api.md §2): each test shows the sandbox alone answering 200 to the same token.
 */
class TokenValidityE2ETest extends OneGatewayPerClass {

  @Override
  protected String moreYaml(Vertx vertx) {
    return """
        auth:
          cache: {maxTtl: 60s, negativeTtl: 10s, expirySkew: 5s}
        """;
  }

  @Test
  void should_answer_401_invalid_token_when_the_token_expired() {
    String token = gw.demoToken(Duration.ofSeconds(30), "project_read");
    assertThat(gw.get("/api/projects", bearer(token)).statusCode()).as("while it lives").isEqualTo(200);

    gw.time.advance(Duration.ofSeconds(31)); // the sandbox's clock and the gateway's clocks together

    assertRefusedAtTheGatewayOnly(token, "expired");
  }

  @Test
  void should_stop_trusting_a_cached_token_before_it_expires_when_the_expiry_is_near() {
    String token = gw.demoToken(Duration.ofSeconds(30), "project_read");
    assertThat(gw.get("/api/projects", bearer(token)).statusCode()).isEqualTo(200);
    long tokenInfoBefore = gw.sandbox.stats().tokenInfoCalls();

    gw.time.advance(Duration.ofSeconds(25)); // expiry - skew: the cached verdict is gone, the token still lives
    assertThat(gw.get("/api/projects", bearer(token)).statusCode()).isEqualTo(200);

    assertThat(gw.sandbox.stats().tokenInfoCalls()).as("asked again at expiry minus skew")
        .isEqualTo(tokenInfoBefore + 1);
  }

  @Test
  void should_answer_401_invalid_token_when_the_token_was_revoked_at_the_authorization_server() {
    String token = gw.demoToken("project_read");
    assertThat(gw.sandbox.revokeToken(token)).isTrue();

    assertRefusedAtTheGatewayOnly(token, "revoked");
  }

  @Test
  void should_answer_401_invalid_token_when_no_token_or_an_unknown_one_is_sent() {
    assertInvalidToken(gw.get("/api/projects", null));
    assertInvalidToken(gw.get("/api/projects", bearer("no-such-token-" + System.nanoTime())));
  }

  /** 401 invalid_token through the gateway, with the reason in the challenge; 200 from the sandbox alone. */
  private void assertRefusedAtTheGatewayOnly(String token, String reason) {
    HttpResponse<Buffer> response = gw.get("/api/projects", bearer(token));

    assertInvalidToken(response);
    assertThat(response.getHeader("WWW-Authenticate")).contains(reason);
    assertThat(gw.direct("/api/projects", bearer(token)).statusCode())
        .as("the sandbox alone still answers the %s user token", reason).isEqualTo(200);
  }
}
