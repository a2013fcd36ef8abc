package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.basic;
import static org.csgateway.app.e2e.auth.AuthGateway.bearer;
import static org.csgateway.app.e2e.auth.Refusals.assertInsufficientScope;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.Test;

/**
 * Route scopes are checked at the gateway for every token, with a user or without, before anything is forwarded:
 * the upstream skips the check for tokens with a user (api.md §2), so without the gateway those requests would
 * succeed; for client tokens it answers a bare 403, without the challenge and errors body the gateway gives.
 */
class ScopeEnforcementE2ETest extends OneGatewayPerClass {

  @Test
  void should_answer_403_insufficient_scope_when_a_user_token_without_project_read_lists_projects() {
    String token = gw.demoToken("public", "images_read");
    long upstreamBefore = gw.sandbox.stats().routeRequests("GET /api/projects");

    HttpResponse<Buffer> response = gw.get("/api/projects", bearer(token));

    assertInsufficientScope(response, "project_read");
    assertThat(gw.sandbox.stats().routeRequests("GET /api/projects")).as("never forwarded")
        .isEqualTo(upstreamBefore);
    HttpResponse<Buffer> upstreamAlone = gw.direct("/api/projects", bearer(token));
    assertThat(upstreamAlone.statusCode()).as("the sandbox alone lets the user token through").isEqualTo(200);
    assertThat(upstreamAlone.getHeader("Total")).isEqualTo("75");
  }

  @Test
  void should_list_projects_when_the_user_token_has_project_read() {
    HttpResponse<Buffer> response = gw.get("/api/projects", bearer(gw.demoToken("project_read")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Total")).isEqualTo("75");
  }

  @Test
  void should_read_images_and_nothing_else_when_a_client_credentials_token_has_public() {
    HttpResponse<Buffer> issued = gw.postForm("/api/oauth/token",
        basic(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET),
        MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials").add("scope", "public"));
    assertThat(issued.statusCode()).as("token endpoint through the gateway: %s", issued.bodyAsString())
        .isEqualTo(200);
    JsonObject grant = issued.bodyAsJsonObject();
    assertThat(grant.getString("scope")).isEqualTo("public");
    String token = grant.getString("access_token");
    long forwardedBefore = gw.sandbox.stats().totalRequests();

    HttpResponse<Buffer> images = gw.get("/api/container_images", bearer(token));
    HttpResponse<Buffer> projects = gw.get("/api/projects", bearer(token));
    HttpResponse<Buffer> orders = gw.get("/api/orders", bearer(token));
    HttpResponse<Buffer> newImage = gw.send(HttpMethod.POST, "/api/container_images", bearer(token));

    assertThat(images.statusCode()).isEqualTo(200);
    assertThat(images.bodyAsJsonObject().getJsonArray("container_images")).isNotEmpty();
    assertInsufficientScope(projects, "project_read");
    assertInsufficientScope(orders, "order_read");
    assertInsufficientScope(newImage, "images_write");
    assertThat(gw.sandbox.stats().totalRequests() - forwardedBefore)
        .as("only the image listing and its token-info call reached the sandbox").isEqualTo(2);
  }
}
