package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.bearer;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.csgateway.app.sandbox.SandboxFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the authorization server (the sandbox's token-info endpoint) fails, the gateway fails closed: 503 with an
 * errors body, within {@code auth.timeout}, never the 200 the upstream alone would give and never a hang.
 */
class AuthServerOutageE2ETest extends OneGatewayPerClass {
  /**
   * Long enough that a healthy token check on a loaded 2-core machine does not time out into a 503 (the requests
   * that must pass), short against the 10 s fault it must not wait for.
   */
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(1);

  @Override
  protected String moreYaml(Vertx vertx) {
    return "auth: {timeout: " + AUTH_TIMEOUT.toMillis() + "ms}\n";
  }

  static Stream<Arguments> outages() {
    return Stream.of(
        Arguments.of("503", SandboxFault.status(503)),
        Arguments.of("500", SandboxFault.status(500)),
        Arguments.of("connection reset", SandboxFault.resetBeforeResponse()),
        Arguments.of("garbage", SandboxFault.garbage()),
        Arguments.of("no answer within auth.timeout", SandboxFault.delay(Duration.ofSeconds(10))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outages")
  void should_answer_503_with_an_errors_body_when_the_authorization_server_fails(String name, SandboxFault fault) {
    String token = gw.demoToken("project_read");
    long projectsBefore = gw.sandbox.stats().routeRequests("GET /api/projects");
    gw.sandbox.faults().add(fault.onPath(AuthGateway.TOKEN_INFO));

    long start = System.nanoTime();
    HttpResponse<Buffer> response = gw.get("/api/projects", bearer(token));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(Refusals.errors(response)).containsExactly(Refusals.AUTH_SERVER_UNAVAILABLE);
    assertThat(took).as("bounded by auth.timeout, not by the sandbox").isLessThan(AUTH_TIMEOUT.plusSeconds(4));
    assertThat(gw.sandbox.stats().routeRequests("GET /api/projects")).as("never forwarded")
        .isEqualTo(projectsBefore);
    assertThat(gw.direct("/api/projects", bearer(token)).statusCode())
        .as("the upstream alone would have let it through").isEqualTo(200);
  }

  @Test
  void should_ask_again_when_the_authorization_server_is_back() {
    String token = gw.demoToken("project_read");
    gw.sandbox.faults().add(SandboxFault.status(503).times(1).onPath(AuthGateway.TOKEN_INFO));

    HttpResponse<Buffer> during = gw.get("/api/projects", bearer(token));
    HttpResponse<Buffer> after = gw.get("/api/projects", bearer(token));

    assertThat(during.statusCode()).isEqualTo(503);
    assertThat(after.statusCode()).as("the outage was not cached as a verdict").isEqualTo(200);
  }
}
