package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.basic;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.Test;

/**
 * API credentials (Basic) are checked by the upstream; once it refused one, the gateway answers it itself for
 * {@code auth.basic.invalidTtl}, and the sandbox's request counter proves it is not asked.
 */
class BasicCredentialE2ETest extends OneGatewayPerClass {
  private static final Duration INVALID_TTL = Duration.ofSeconds(20);
  private static final String NOT_AUTHORIZED = "{\"errors\":[\"Not Authorized\"]}";

  @Override
  protected String moreYaml(Vertx vertx) {
    return "auth: {basic: {validTtl: 60s, invalidTtl: 20s}}\n";
  }

  private long forwarded() {
    return gw.sandbox.stats().totalRequests();
  }

  @Test
  void should_answer_a_refused_credential_at_the_gateway_for_the_invalid_ttl_then_ask_again() {
    String wrong = basic(SandboxIdentities.DEMO_API_KEY, "wrong-secret-" + System.nanoTime());
    long before = forwarded();

    HttpResponse<Buffer> first = gw.get("/api/projects", wrong);
    long afterFirst = forwarded();
    HttpResponse<Buffer> second = gw.get("/api/projects", wrong);
    gw.time.advance(INVALID_TTL.minusSeconds(1));
    HttpResponse<Buffer> third = gw.get("/api/projects", wrong);
    long beforeExpiry = forwarded();
    gw.time.advance(Duration.ofSeconds(1));
    HttpResponse<Buffer> afterTtl = gw.get("/api/projects", wrong);

    assertThat(afterFirst - before).as("the first attempt is the upstream's to judge").isEqualTo(1);
    for (HttpResponse<Buffer> refused : List.of(first, second, third, afterTtl)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.bodyAsString()).isEqualTo(NOT_AUTHORIZED);
    }
    assertThat(beforeExpiry).as("answered at the gateway within invalidTtl").isEqualTo(afterFirst);
    assertThat(forwarded() - beforeExpiry).as("forwarded again once invalidTtl passed").isEqualTo(1);
  }

  @Test
  void should_keep_forwarding_a_good_credential_when_another_password_for_the_same_key_was_refused() {
    gw.get("/api/projects", basic(SandboxIdentities.OTHER_API_KEY, "wrong-" + System.nanoTime()));

    HttpResponse<Buffer> good =
        gw.get("/api/projects", basic(SandboxIdentities.OTHER_API_KEY, SandboxIdentities.OTHER_API_SECRET));

    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(good.getHeader("Total")).isEqualTo("5");
  }
}
