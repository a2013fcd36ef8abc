package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.bearer;
import static org.csgateway.app.e2e.auth.Refusals.assertInsufficientScope;
import static org.csgateway.app.e2e.auth.Refusals.assertInvalidToken;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.csgateway.app.e2e.auth.JwksServer.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code auth.strategy: jwt} through the whole gateway, keys served by a JWKS server in the test. The sandbox knows
 * no JWT, so "accepted" here means forwarded to it unchanged (its route counter moves and it sees the caller's own
 * header); every refusal is the gateway's, with the sandbox's counter standing still.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtStrategyE2ETest extends OneGatewayPerClass {
  private static final String ISSUER = "https://issuer.test";
  private static final SigningKey KEY_1 = SigningKey.generate("key-1");
  private static final SigningKey KEY_2 = SigningKey.generate("key-2");
  private JwksServer jwks;

  @Override
  protected String moreYaml(Vertx vertx) {
    jwks = JwksServer.start(vertx);
    jwks.publish(KEY_1);
    return """
        auth:
          strategy: jwt
          jwt: {jwksUrl: "%s", issuer: "%s", audiences: [csgateway], minRefreshInterval: 30s}
        """.formatted(jwks.url(), ISSUER);
  }

  @AfterAll
  void stopJwks() {
    jwks.close();
  }

  private static JsonObject claims(String scope, Instant expiresAt) {
    return new JsonObject().put("iss", ISSUER).put("aud", "csgateway").put("sub", "alice").put("client_id", "app-1")
        .put("scope", scope).put("iat", Instant.now().getEpochSecond()).put("exp", expiresAt.getEpochSecond());
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  private long forwardedProjectLists() {
    return gw.sandbox.stats().routeRequests("GET /api/projects");
  }

  /** Sends the token and tells whether the gateway forwarded it, unchanged, to the sandbox. */
  private boolean forwarded(String token) {
    long before = forwardedProjectLists();
    gw.sandbox.clearRecordedRequests();
    gw.get("/api/projects", bearer(token));
    boolean reached = forwardedProjectLists() == before + 1;
    if (reached) {
      assertThat(gw.sandbox.recentRequests()).anySatisfy(request ->
          assertThat(request.header("Authorization")).isEqualTo(bearer(token)));
    }
    return reached;
  }

  @Test
  void should_forward_a_token_signed_by_a_published_key_and_check_its_scopes() {
    String reader = KEY_1.sign(claims("project_read", inAnHour()));
    String publicOnly = KEY_1.sign(claims("public", inAnHour()));
    long before = forwardedProjectLists();

    assertThat(forwarded(reader)).isTrue();
    assertInsufficientScope(gw.get("/api/projects", bearer(publicOnly)), "project_read");
    assertThat(forwardedProjectLists()).isEqualTo(before + 1);
  }

  @Test
  void should_refuse_a_tampered_or_expired_token_at_the_gateway() {
    String[] parts = KEY_1.sign(claims("public", inAnHour())).split("\\.");
    String tampered = parts[0] + "." + JwksServer.encode(claims("project_read", inAnHour())) + "." + parts[2];
    String expired = KEY_1.sign(claims("project_read", Instant.now().minus(Duration.ofMinutes(5))));
    long before = forwardedProjectLists();

    assertInvalidToken(gw.get("/api/projects", bearer(tampered)));
    assertInvalidToken(gw.get("/api/projects", bearer(expired)));
    assertThat(forwardedProjectLists()).as("neither reached the sandbox").isEqualTo(before);
  }

  @Test
  @Order(Integer.MAX_VALUE) // retires key-1, which the other tests sign with
  void should_pick_up_a_rotated_key_when_a_token_names_a_new_kid() {
    jwks.publish(KEY_2); // the issuer rotates: key-1 retired, key-2 signs from now on
    gw.time.advance(Duration.ofSeconds(31)); // past minRefreshInterval since the last load
    int fetchesBefore = jwks.fetches();

    boolean rotatedForwarded = forwarded(KEY_2.sign(claims("project_read", inAnHour())));
    String retired = KEY_1.sign(claims("project_read", inAnHour()).put("jti", "after-rotation"));
    HttpResponse<Buffer> retiredAnswer = gw.get("/api/projects", bearer(retired));

    assertThat(rotatedForwarded).isTrue();
    assertInvalidToken(retiredAnswer);
    assertThat(jwks.fetches() - fetchesBefore).as("one load for the new kid, none for the retired one")
        .isEqualTo(1);
  }
}
