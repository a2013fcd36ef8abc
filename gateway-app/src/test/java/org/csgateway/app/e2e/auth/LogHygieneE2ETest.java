package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.base64;
import static org.csgateway.app.e2e.auth.AuthGateway.basic;
import static org.csgateway.app.e2e.auth.AuthGateway.bearer;
import static org.csgateway.app.sandbox.SandboxIdentities.DEMO_API_KEY;
import static org.csgateway.app.sandbox.SandboxIdentities.DEMO_API_SECRET;
import static org.csgateway.app.sandbox.SandboxIdentities.DEMO_CLIENT_ID;
import static org.csgateway.app.sandbox.SandboxIdentities.DEMO_CLIENT_SECRET;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.csgateway.app.sandbox.SandboxFault;
import org.junit.jupiter.api.Test;

/**
 * One scenario through every path that handles a secret (Basic right and wrong, bearer tokens in the header and
 * the query, the token endpoint with a password grant, an outage of the authorization server, revocation through
 * the gateway and at the sandbox), with every log record of the gateway and the sandbox captured at every level:
 * not one holds a token, a password, a client secret or an encoded credential.
 */
class LogHygieneE2ETest extends OneGatewayPerClass {

  @Override
  protected String moreYaml(Vertx vertx) {
    // A healthy token check on a loaded machine must not time out; the slow outage below takes 3 s.
    return "auth: {timeout: 1s}\n";
  }

  @Test
  void should_never_log_a_token_or_a_password_when_credentials_succeed_fail_and_are_revoked() {
    String wrongPassword = "wrong-password-" + System.nanoTime();
    String headerToken = gw.demoToken("project_read");
    String queryToken = gw.demoToken("project_read");
    String unscoped = gw.demoToken("public");
    String revokedUpstream = gw.demoToken("project_read");
    String duringOutage = gw.demoToken("project_read");
    String unknown = "unknown-token-" + System.nanoTime();
    String client = basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    List<String> secrets = new ArrayList<>(List.of(DEMO_API_SECRET, DEMO_CLIENT_SECRET, wrongPassword,
        headerToken, queryToken, unscoped, revokedUpstream, duringOutage, unknown,
        base64(DEMO_API_KEY + ":" + DEMO_API_SECRET), base64(DEMO_API_KEY + ":" + wrongPassword),
        base64(DEMO_CLIENT_ID + ":" + DEMO_CLIENT_SECRET)));
    List<Integer> statuses = new ArrayList<>();

    try (CapturedLogs logs = new CapturedLogs()) {
      statuses.add(gw.get("/api/projects", basic(DEMO_API_KEY, DEMO_API_SECRET)).statusCode());
      statuses.add(gw.get("/api/projects", basic(DEMO_API_KEY, wrongPassword)).statusCode());
      statuses.add(gw.get("/api/projects", basic(DEMO_API_KEY, wrongPassword)).statusCode());
      statuses.add(gw.get("/api/projects", bearer(headerToken)).statusCode());
      statuses.add(gw.get("/api/projects?access_token=" + queryToken, null).statusCode());
      statuses.add(gw.get("/api/projects", bearer(unscoped)).statusCode());
      statuses.add(gw.get("/api/projects", bearer(unknown)).statusCode());
      gw.sandbox.revokeToken(revokedUpstream);
      statuses.add(gw.get("/api/projects", bearer(revokedUpstream)).statusCode());

      HttpResponse<Buffer> granted = gw.postForm("/api/oauth/token", client, MultiMap.caseInsensitiveMultiMap()
          .add("grant_type", "password").add("username", DEMO_API_KEY).add("password", DEMO_API_SECRET)
          .add("scope", "project_read"));
      statuses.add(granted.statusCode());
      JsonObject grant = granted.bodyAsJsonObject();
      String granted1 = grant.getString("access_token");
      secrets.add(granted1);
      secrets.add(grant.getString("refresh_token"));
      statuses.add(gw.get("/api/projects", bearer(granted1)).statusCode());
      statuses.add(gw.postForm("/api/oauth/revoke", client,
          MultiMap.caseInsensitiveMultiMap().add("token", granted1)).statusCode());
      statuses.add(gw.get("/api/projects", bearer(granted1)).statusCode());

      gw.sandbox.faults().add(SandboxFault.status(503).times(1).onPath(AuthGateway.TOKEN_INFO));
      statuses.add(gw.get("/api/projects", bearer(duringOutage)).statusCode());
      gw.sandbox.faults().add(SandboxFault.resetBeforeResponse().times(1).onPath(AuthGateway.TOKEN_INFO));
      statuses.add(gw.get("/api/projects?access_token=" + duringOutage, null).statusCode());
      gw.sandbox.faults().add(SandboxFault.delay(Duration.ofSeconds(3)).times(1).onPath(AuthGateway.TOKEN_INFO));
      statuses.add(gw.get("/api/projects", bearer(duringOutage)).statusCode());
      gw.sandbox.faults().clear();

      assertThat(statuses).as("each step did what the scenario means it to")
          .containsExactly(200, 401, 401, 200, 200, 403, 401, 401, 200, 200, 200, 401, 503, 503, 503);
      assertThat(logs.records()).as("the scenario was logged: refusals and outages")
          .anyMatch(record -> record.contains("INVALID_TOKEN"))
          .anyMatch(record -> record.contains("WARNING") && record.contains("token info"));
      logs.assertNoneContains(secrets, gw::isSandboxRouterTrace);
    }
  }
}
