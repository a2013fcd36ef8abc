package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6, the stricter default for {@code POST /api/oauth/token}: 10 per minute per client address, whatever the
 * caller claims in {@code X-Forwarded-For} unless the peer is a trusted proxy. The test client connects from
 * 127.0.0.1; trusting only 10.0.0.0/8 makes it an untrusted peer whose forwarded addresses must be ignored.
 */
@ExtendWith(VertxExtension.class)
class OAuthTokenLimitTest {
  private static final int DEFAULT_ALLOWANCE = 10;
  private static final int ATTEMPTS = 50;

  private TestGateway gateway;
  private GatewayCaller caller;

  @AfterEach
  void stop() {
    Cleanup.closeAll(caller, gateway);
  }

  private void start(Vertx vertx, String trustedProxies) {
    gateway = TestGateway.start(vertx, """
        server:
          host: 127.0.0.1
          port: 0
          instances: 1
          forwarded: {trustedProxies: %s}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """.formatted(trustedProxies));
    caller = new GatewayCaller(vertx, gateway.ports().proxy(), ATTEMPTS);
  }

  /** 50 token requests at once, the i-th claiming to come from 198.51.100.i. */
  private List<Reply> tokenRequestsFromSpoofedAddresses() {
    Buffer form = Buffer.buffer("grant_type=client_credentials&scope=public");
    return caller.burst(ATTEMPTS, i -> caller.send(HttpMethod.POST, "/api/oauth/token", form,
        "Content-Type", "application/x-www-form-urlencoded",
        "Authorization", GatewayCaller.basic(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET),
        "X-Forwarded-For", "198.51.100." + (i + 1)));
  }

  @Test
  void should_let_only_the_oauth_token_allowance_through_when_an_untrusted_peer_spoofs_forwarded_addresses(
      Vertx vertx) {
    start(vertx, "[10.0.0.0/8]");

    List<Reply> replies = tokenRequestsFromSpoofedAddresses();

    assertThat(gateway.sandbox().stats().tokenRequests()).isEqualTo(DEFAULT_ALLOWANCE);
    assertThat(replies.stream().filter(r -> r.status() == 429)).hasSize(ATTEMPTS - DEFAULT_ALLOWANCE);
    for (Reply reply : replies) {
      RateLimitFields.Member policy = RateLimitFields.single(reply.header("RateLimit-Policy"));
      assertThat(policy.policy()).isEqualTo("oauth-token");
      assertThat(policy.integer("q")).isEqualTo(DEFAULT_ALLOWANCE);
      assertThat(policy.integer("w")).isEqualTo(60);
      if (reply.status() == 429) {
        assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
        assertThat(reply.json().getJsonArray("errors").getString(0)).isNotBlank();
      } else {
        assertThat(reply.status()).isEqualTo(200);
      }
    }
  }

  /** The control: the same requests from a trusted proxy are 50 different clients, so the test above can fail. */
  @Test
  void should_give_each_forwarded_address_its_own_allowance_when_the_peer_is_a_trusted_proxy(Vertx vertx) {
    start(vertx, "[127.0.0.1/32]");

    List<Reply> replies = tokenRequestsFromSpoofedAddresses();

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(gateway.sandbox().stats().tokenRequests()).isEqualTo(ATTEMPTS);
  }
}
