package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.config.TokenStrategy;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.auth.testing.Jwts;
import org.csgateway.auth.testing.Jwts.SigningKey;
import org.csgateway.auth.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code jwt} strategy against a JWKS served by a real server, with keys generated here. */
@ExtendWith(VertxExtension.class)
class JwtAuthenticationTest {
  private static final String ISSUER = "https://issuer.test";
  private static final SigningKey KEY_1 = SigningKey.generate("key-1");
  private static final SigningKey KEY_2 = SigningKey.generate("key-2");

  private AuthFixture fx;

  @BeforeEach
  void start(Vertx vertx) {
    fx = AuthFixture.start(vertx, server -> {
      server.jwks(jwks(KEY_1));
      return AuthConfig.defaults().withStrategy(
          TokenStrategy.Jwt.of(server.url("/jwks"), ISSUER, List.of("csgateway")));
    });
    fx.auth.start().await();
  }

  @AfterEach
  void stop() {
    fx.auth.close();
  }

  private static JsonObject jwks(SigningKey... keys) {
    JsonArray array = new JsonArray();
    for (SigningKey key : keys) {
      array.add(key.jwk());
    }
    return new JsonObject().put("keys", array);
  }

  private static JsonObject claims(String scope, Instant expiresAt) {
    return new JsonObject().put("iss", ISSUER).put("aud", "csgateway").put("sub", "alice").put("client_id", "app-1")
        .put("scope", scope).put("iat", Instant.now().getEpochSecond()).put("exp", expiresAt.getEpochSecond());
  }

  private static Instant inAnHour() {
    return Instant.now().plus(Duration.ofHours(1));
  }

  @Test
  void should_accept_a_token_signed_by_a_key_of_the_jwks() {
    HttpResponse<Buffer> response = fx.getWithToken("/api/projects", KEY_1.sign(claims("project_read", inAnHour())));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader(TestGateway.PRINCIPAL_HEADER)).isEqualTo("user:alice/app:app-1 USER_TOKEN");
    assertThat(fx.server.jwksCalls).hasValue(1);
  }

  @Test
  void should_check_the_scopes_of_a_valid_token() {
    HttpResponse<Buffer> response = fx.getWithToken("/api/projects", KEY_1.sign(claims("public", inAnHour())));

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void should_refuse_a_tampered_token() {
    String[] parts = KEY_1.sign(claims("public", inAnHour())).split("\\.");
    String tampered = parts[0] + "." + Jwts.part(claims("project_read", inAnHour())) + "." + parts[2];

    HttpResponse<Buffer> response = fx.getWithToken("/api/projects", tampered);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void should_refuse_an_expired_token() {
    String expired = KEY_1.sign(claims("project_read", Instant.now().minus(Duration.ofMinutes(5))));

    HttpResponse<Buffer> response = fx.getWithToken("/api/projects", expired);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).contains("The access token expired");
  }

  @Test
  void should_refuse_a_token_of_another_issuer_or_audience_or_without_expiry() {
    String issuer = KEY_1.sign(claims("project_read", inAnHour()).put("iss", "https://elsewhere.test"));
    String audience = KEY_1.sign(claims("project_read", inAnHour()).put("aud", "another-api"));
    JsonObject noExpiry = claims("project_read", inAnHour());
    noExpiry.remove("exp");

    assertThat(fx.getWithToken("/api/projects", issuer).statusCode()).isEqualTo(401);
    assertThat(fx.getWithToken("/api/projects", audience).statusCode()).isEqualTo(401);
    assertThat(fx.getWithToken("/api/projects", KEY_1.sign(noExpiry)).statusCode()).isEqualTo(401);
  }

  @Test
  void should_refuse_unsigned_and_symmetric_algorithms() {
    JsonObject claims = claims("project_read", inAnHour());
    String none = Jwts.part(new JsonObject().put("alg", "none").put("kid", "key-1")) + "." + Jwts.part(claims) + ".";
    String hs256 = KEY_1.signWithHeader(new JsonObject().put("alg", "HS256").put("kid", "key-1"), claims);

    assertThat(fx.getWithToken("/api/projects", none).statusCode()).isEqualTo(401);
    assertThat(fx.getWithToken("/api/projects", hs256).statusCode()).isEqualTo(401);
  }

  @Test
  void should_pick_up_a_rotated_key_and_not_fetch_the_jwks_for_every_unknown_kid() {
    fx.server.jwks(jwks(KEY_2)); // the issuer rotates: key-1 is gone, key-2 signs from now on
    fx.clock.advance(Duration.ofSeconds(31)); // past minRefreshInterval since the start-up load

    HttpResponse<Buffer> rotated = fx.getWithToken("/api/projects", KEY_2.sign(claims("project_read", inAnHour())));
    for (int i = 0; i < 5; i++) {
      SigningKey stranger = new SigningKey("made-up-" + i, KEY_2.pair());
      assertThat(fx.getWithToken("/api/projects", stranger.sign(claims("project_read", inAnHour()))).statusCode())
          .isEqualTo(401); // a kid the JWKS does not list is refused, whoever signed it
    }
    HttpResponse<Buffer> retired = fx.getWithToken("/api/projects", KEY_1.sign(claims("project_read", inAnHour())));

    assertThat(rotated.statusCode()).isEqualTo(200);
    assertThat(retired.statusCode()).isEqualTo(401);
    assertThat(fx.server.jwksCalls).hasValue(2); // start-up, then once for key-2; the made-up kids wait their turn
  }
}
