package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.auth.testing.FakeAuthorizationServer.Mode;
import org.csgateway.auth.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every flow that handles a secret, with every log record captured at every level: no secret appears. */
@ExtendWith(VertxExtension.class)
class LogHygieneTest {

  @Test
  void should_never_log_a_token_or_a_password(Vertx vertx) {
    try (LogCapture logs = new LogCapture()) {
      AuthFixture fx = AuthFixture.start(vertx, server -> {
        AuthConfig defaults = AuthConfig.defaults();
        return new AuthConfig(defaults.strategy(), 401, Duration.ofMillis(300), defaults.cache(), defaults.basic());
      });
      fx.server.addApiCredential("alice", "alices-password-1");
      String good = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));
      String revoked = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofHours(2));
      fx.server.revoke(revoked);
      String unknown = "unknown-token-0123456789";
      String duringOutage = fx.server.issue("43", "app-1", Set.of("project_read"), Duration.ofHours(2));
      String queryToken = fx.server.issue("44", "app-1", Set.of("profile_read"), Duration.ofHours(2));

      fx.getWithToken("/api/projects", good);
      fx.getWithToken("/api/projects", revoked);
      fx.getWithToken("/api/projects", unknown);
      fx.get("/api/projects?access_token=" + queryToken);
      fx.get("/api/projects?bearer_token=" + unknown + "&access_token=" + unknown);
      fx.getWithBasic("/api/projects", "alice", "alices-password-1");
      fx.getWithBasic("/api/projects", "alice", "wrong-password-2");
      fx.getWithBasic("/api/projects", "alice", "wrong-password-2");
      fx.request(HttpMethod.POST, "/api/oauth/revoke").basicAuthentication("app-1", "app-secret-3")
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", good)).await();
      fx.server.mode(Mode.ERROR_503);
      fx.getWithToken("/api/projects", duringOutage);
      fx.server.mode(Mode.HANG);
      fx.getWithToken("/api/projects/1", duringOutage);

      List<String> secrets = List.of(good, revoked, unknown, duringOutage, queryToken, "alices-password-1",
          "wrong-password-2", "app-secret-3", base64("alice:alices-password-1"), base64("alice:wrong-password-2"));
      assertThat(logs.lines()).as("the flows logged their refusals (DEBUG) and outages (WARNING)")
          .anyMatch(line -> line.contains("Refused request") && line.contains("INVALID_TOKEN"))
          .anyMatch(line -> line.contains("WARNING") && line.contains("token info"));
      for (String line : logs.lines()) {
        for (String secret : secrets) {
          assertThat(line).doesNotContain(secret);
        }
      }
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
