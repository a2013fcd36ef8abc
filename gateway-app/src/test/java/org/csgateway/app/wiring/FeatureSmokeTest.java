package org.csgateway.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestClock;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One request per wired feature through a whole gateway in front of the sandbox, on a test clock: enough to show
 * that each stage is in the pipeline and its admin endpoints answer; the features' behaviour is tested end to end
 * elsewhere.
 */
@ExtendWith(VertxExtension.class)
class FeatureSmokeTest {
  private static final String DEMO_TOKEN_PRINCIPAL =
      "user:" + SandboxIdentities.DEMO_USER_ID + "/app:" + SandboxIdentities.DEMO_CLIENT_ID;

  private static final TestClock clock = new TestClock();
  private static TestGateway gateway;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        cache: {enabled: true, families: {projects: 30s}}
        """, clock.clocks());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static HttpRequest<Buffer> asDemo(HttpRequest<Buffer> request) {
    return request.basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET);
  }

  private static HttpResponse<Buffer> get(String uri, String bearer) {
    return gateway.client().get(uri).bearerTokenAuthentication(bearer).send().await();
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String uri) {
    return gateway.admin().request(method, uri).send().await();
  }

  private static String encoded(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  @Nested
  class Pipeline {
    @Test
    void should_answer_from_the_cache_until_the_ttl_passes_on_the_test_clock_when_a_basic_caller_repeats_a_get() {
      assertThat(asDemo(gateway.client().get("/api/projects?per_page=7")).send().await().getHeader("X-Cache"))
          .isEqualTo("MISS");
      HttpResponse<Buffer> hit = asDemo(gateway.client().get("/api/projects?per_page=7")).send().await();
      assertThat(hit.getHeader("X-Cache")).isEqualTo("HIT");
      assertThat(hit.bodyAsJsonObject().getJsonArray("projects")).hasSize(7);

      clock.advance(Duration.ofSeconds(31));

      assertThat(asDemo(gateway.client().get("/api/projects?per_page=7")).send().await().getHeader("X-Cache"))
          .as("stale: checked with the upstream (ETag)").isEqualTo("REVALIDATED");
    }

    @Test
    void should_refuse_an_obsolete_version_at_the_gateway_when_a_caller_asks_for_it() {
      long before = gateway.sandbox().stats().totalRequests();
      HttpResponse<Buffer> response = asDemo(gateway.client().get("/api/projects"))
          .putHeader("Accept", "application/json; api_version=40").send().await();

      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(response.getHeader("API-Version-Supported")).isEqualTo("false");
      assertThat(gateway.sandbox().stats().totalRequests()).isEqualTo(before);
    }

    @Test
    void should_refuse_with_403_when_a_client_token_lacks_the_routes_scope() {
      String token = gateway.sandbox().issueClientToken(SandboxIdentities.DEMO_CLIENT_ID, Set.of("public"));
      HttpResponse<Buffer> response = get("/api/projects", token);

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.getHeader("WWW-Authenticate")).contains("insufficient_scope");
      assertThat(response.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);
    }

    @Test
    void should_send_the_rate_limit_fields_when_a_caller_is_under_the_default_policy() {
      HttpResponse<Buffer> response = asDemo(gateway.client().get("/api/zones")).send().await();

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("RateLimit-Policy")).startsWith("\"default\";q=2500;w=300");
      assertThat(response.getHeader("RateLimit")).startsWith("\"default\";r=");
    }
  }

  @Nested
  class AdminEndpoints {
    @Test
    void should_purge_a_callers_cached_pages_when_asked_by_principal() {
      String token = gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
      get("/api/projects?per_page=3", token);
      assertThat(get("/api/projects?per_page=3", token).getHeader("X-Cache")).isEqualTo("HIT");

      HttpResponse<Buffer> purged = admin(HttpMethod.DELETE, "/cache/principals/" + encoded(DEMO_TOKEN_PRINCIPAL));

      assertThat(purged.statusCode()).isEqualTo(200);
      assertThat(purged.bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("principal", DEMO_TOKEN_PRINCIPAL).put("evicted", 1));
      assertThat(get("/api/projects?per_page=3", token).getHeader("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void should_purge_by_route_and_everything_and_report_counts_when_asked() {
      asDemo(gateway.client().get("/api/projects?per_page=2")).send().await();

      HttpResponse<Buffer> byRoute = admin(HttpMethod.DELETE, "/cache/routes/" + encoded("/api/projects"));
      assertThat(byRoute.statusCode()).isEqualTo(200);
      assertThat(byRoute.bodyAsJsonObject().getString("route")).isEqualTo("/api/projects");
      assertThat(byRoute.bodyAsJsonObject().getLong("evicted")).isPositive();
      assertThat(admin(HttpMethod.DELETE, "/cache").bodyAsJsonObject().containsKey("evicted")).isTrue();
      JsonObject stats = admin(HttpMethod.GET, "/cache/stats").bodyAsJsonObject();
      assertThat(stats.getLong("entries")).isZero();
      assertThat(stats.getBoolean("full")).isFalse(); // purges are not the byte bound's evictions
      assertThat(stats.getJsonObject("answers").getLong("MISS")).isPositive();
    }

    @Test
    void should_evict_a_token_by_its_hash_and_answer_stats_when_asked() throws NoSuchAlgorithmException {
      String token = gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
      get("/api/zones", token);
      String hash = HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));

      assertThat(admin(HttpMethod.DELETE, "/auth/tokens/" + hash).bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("evicted", 1));
      assertThat(admin(HttpMethod.DELETE, "/auth/principals/" + encoded(DEMO_TOKEN_PRINCIPAL)).statusCode())
          .isEqualTo(200);
      assertThat(admin(HttpMethod.DELETE, "/auth/cache").statusCode()).isEqualTo(200);
      JsonObject stats = admin(HttpMethod.GET, "/auth/stats").bodyAsJsonObject();
      assertThat(stats.getLong("tokenEntries")).isZero();
      assertThat(stats.getJsonObject("tokenCache").getLong("misses")).isPositive();
    }

    @Test
    void should_answer_errors_in_the_apis_shape_when_a_request_is_wrong() {
      HttpResponse<Buffer> badHash = admin(HttpMethod.DELETE, "/auth/tokens/not-a-hash");
      assertThat(badHash.statusCode()).isEqualTo(400);
      assertThat(badHash.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);

      HttpResponse<Buffer> unknownRoute = admin(HttpMethod.DELETE, "/cache/routes/" + encoded("/api/nope"));
      assertThat(unknownRoute.statusCode()).isEqualTo(404);
      assertThat(unknownRoute.bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("errors", new JsonArray().add("no route has the template '/api/nope'")));

      HttpResponse<Buffer> nothing = admin(HttpMethod.GET, "/nothing");
      assertThat(nothing.statusCode()).isEqualTo(404);
      assertThat(nothing.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);
    }

    @Test
    void should_answer_404_naming_the_switch_when_the_feature_is_off(Vertx vertx) {
      try (TestGateway plain = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + "auth: {enabled: false}\n")) {
        HttpResponse<Buffer> cache = plain.admin().delete("/cache").send().await();
        HttpResponse<Buffer> auth = plain.admin().get("/auth/stats").send().await();

        assertThat(cache.statusCode()).isEqualTo(404);
        assertThat(cache.bodyAsJsonObject()).isEqualTo(new JsonObject()
            .put("errors", new JsonArray().add("cache is not enabled in this configuration")));
        assertThat(auth.statusCode()).isEqualTo(404);
      }
    }
  }
}
