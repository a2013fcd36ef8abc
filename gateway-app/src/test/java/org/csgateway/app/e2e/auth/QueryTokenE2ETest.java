package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.Refusals.assertInsufficientScope;
import static org.csgateway.app.e2e.auth.Refusals.assertInvalidToken;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tokens in the {@code access_token} (and {@code bearer_token}) query parameter, which the upstream accepts, are
 * validated and scope-checked like header tokens, reach the upstream unchanged, and never reach a log.
 */
class QueryTokenE2ETest extends OneGatewayPerClass {

  @Test
  void should_validate_and_scope_check_a_query_token_and_never_log_it() {
    String reader = gw.demoToken("project_read");
    String imagesOnly = gw.demoToken("images_read");
    String revoked = gw.demoToken("project_read");
    gw.sandbox.revokeToken(revoked);
    long tokenInfoBefore = gw.sandbox.stats().tokenInfoCalls();
    HttpResponse<Buffer> read;
    HttpResponse<Buffer> readByBearerParameter;
    HttpResponse<Buffer> unscoped;
    HttpResponse<Buffer> refused;
    try (CapturedLogs logs = new CapturedLogs()) {
      read = gw.get("/api/projects?per_page=5&access_token=" + reader, null);
      readByBearerParameter = gw.get("/api/projects?bearer_token=" + reader, null);
      unscoped = gw.get("/api/projects?access_token=" + imagesOnly, null);
      refused = gw.get("/api/projects?access_token=" + revoked, null);

      assertThat(logs.records()).as("the scenario was logged (refusals at DEBUG)").isNotEmpty();
      logs.assertNoneContains(List.of(reader, imagesOnly, revoked), gw::isSandboxRouterTrace);
    }

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getJsonArray("projects")).hasSize(5);
    assertThat(readByBearerParameter.statusCode()).isEqualTo(200);
    assertInsufficientScope(unscoped, "project_read");
    assertInvalidToken(refused);
    assertThat(gw.sandbox.stats().tokenInfoCalls() - tokenInfoBefore)
        .as("one validation per distinct token, whatever the parameter").isEqualTo(3);
    assertThat(gw.direct("/api/projects?access_token=" + imagesOnly, null).statusCode())
        .as("the sandbox alone reads the query token and skips the scope check").isEqualTo(200);
  }

  @Test
  void should_forward_the_query_token_unchanged_when_it_is_valid() {
    String token = gw.demoToken("project_read");
    gw.sandbox.clearRecordedRequests();

    assertThat(gw.get("/api/projects?access_token=" + token, null).statusCode()).isEqualTo(200);

    assertThat(gw.sandbox.recentRequests()).anySatisfy(request ->
        assertThat(request.uri()).startsWith("/api/projects?").contains("access_token=" + token));
  }
}
