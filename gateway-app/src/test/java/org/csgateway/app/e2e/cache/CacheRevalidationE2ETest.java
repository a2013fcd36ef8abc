package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "revalidation with ETag and 304 to the client; X-Cache and Age are right": the sandbox sends Rack's weak
 * ETags and honours {@code If-None-Match}; time passes on the gateway's fake ticker only.
 */
@ExtendWith(VertxExtension.class)
class CacheRevalidationE2ETest {
  private static final String PAGE = "/api/projects?per_page=4";
  private static final Duration TTL = Duration.ofSeconds(30);

  private CacheGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx,
        "cache: {enabled: true, staleRetention: 5m, families: {projects: " + TTL.toSeconds() + "s}}\n");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_count_age_on_the_ticker_when_a_fresh_entry_is_hit() {
    Reply miss = gateway.get(PAGE, DEMO);
    gateway.awaitEntries(1);
    gateway.advance(Duration.ofSeconds(12));
    Reply hit = gateway.get(PAGE, DEMO);
    gateway.advance(Duration.ofSeconds(17));
    Reply older = gateway.get(PAGE, DEMO);

    assertThat(miss.cache()).isEqualTo("MISS");
    assertThat(hit.cache()).isEqualTo("HIT");
    assertThat(hit.header("Age")).isEqualTo("12");
    assertThat(older.cache()).isEqualTo("HIT");
    assertThat(older.header("Age")).isEqualTo("29");
    assertThat(older.body()).isEqualTo(miss.body());
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(1);
  }

  @Test
  void should_revalidate_with_if_none_match_and_answer_revalidated_when_the_ttl_has_passed() {
    Reply miss = gateway.get(PAGE, DEMO);
    String etag = miss.header("ETag");
    assertThat(etag).as("the sandbox tags its pages").startsWith("W/\"");
    gateway.awaitEntries(1);
    gateway.advance(TTL.plusSeconds(1));
    gateway.sandbox().clearRecordedRequests();

    Reply revalidated = gateway.get(PAGE, DEMO);

    assertThat(revalidated.status()).isEqualTo(200);
    assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
    assertThat(revalidated.header("Age")).isEqualTo("0");
    assertThat(revalidated.body()).isEqualTo(miss.body());
    assertThat(revalidated.header("ETag")).isEqualTo(etag);
    assertThat(gateway.sandbox().recentRequests()).singleElement().satisfies(request -> {
      assertThat(request.uri()).startsWith("/api/projects");
      assertThat(request.header("If-None-Match")).isEqualTo(etag);
    });
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(2);

    // The 304 made the entry fresh again: hits without the sandbox, aged from the revalidation.
    gateway.advance(Duration.ofSeconds(5));
    Reply hit = gateway.get(PAGE, DEMO);
    assertThat(hit.cache()).isEqualTo("HIT");
    assertThat(hit.header("Age")).isEqualTo("5");
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(2);
  }

  @Test
  void should_replace_the_entry_when_the_upstream_changed_the_page_while_it_was_stale() {
    Reply miss = gateway.get(PAGE, DEMO);
    gateway.awaitEntries(1);
    long id = miss.json().getJsonArray("projects").getJsonObject(0).getLong("id");
    // Changed behind the gateway's back (a collaborator, another tool): no eviction here, only the TTL bounds it.
    Reply changed = gateway.http().call(gateway.sandbox().port(), HttpMethod.PATCH,
        "/api/projects/" + id, DEMO, new JsonObject().put("project", new JsonObject().put("name", "changed-upstream")));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(gateway.get(PAGE, DEMO).cache()).as("still fresh").isEqualTo("HIT");
    gateway.advance(TTL.plusSeconds(1));

    Reply refetched = gateway.get(PAGE, DEMO);
    Reply hit = gateway.get(PAGE, DEMO);

    assertThat(refetched.status()).isEqualTo(200);
    assertThat(refetched.cache()).isEqualTo("MISS");
    assertThat(refetched.body().toString()).contains("changed-upstream");
    assertThat(refetched.header("ETag")).isNotEqualTo(miss.header("ETag"));
    assertThat(hit.cache()).isEqualTo("HIT");
    assertThat(hit.body()).isEqualTo(refetched.body());
  }

  @Test
  void should_answer_304_from_the_gateway_when_the_clients_etag_matches_a_fresh_entry() {
    Reply miss = gateway.get(PAGE, DEMO);
    gateway.awaitEntries(1);
    gateway.advance(Duration.ofSeconds(3));
    long before = gateway.sandbox().stats().totalRequests();

    Reply notModified = gateway.get(PAGE, DEMO, "If-None-Match", miss.header("ETag"));
    Reply otherTag = gateway.get(PAGE, DEMO, "If-None-Match", "W/\"0123456789abcdef0123456789abcdef\"");

    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body().length()).isZero();
    assertThat(notModified.cache()).isEqualTo("HIT");
    assertThat(notModified.header("ETag")).isEqualTo(miss.header("ETag"));
    assertThat(notModified.header("Age")).isEqualTo("3");
    assertThat(otherTag.status()).isEqualTo(200);
    assertThat(otherTag.cache()).isEqualTo("HIT");
    assertThat(otherTag.body()).isEqualTo(miss.body());
    assertThat(gateway.sandbox().stats().totalRequests()).as("answered without the sandbox").isEqualTo(before);
  }

  @Test
  void should_answer_304_from_the_gateway_when_the_client_revalidates_a_revalidated_entry() {
    Reply miss = gateway.get(PAGE, DEMO);
    gateway.awaitEntries(1);
    gateway.advance(TTL.plusSeconds(1));

    Reply revalidated = gateway.get(PAGE, DEMO, "If-None-Match", miss.header("ETag"));

    assertThat(revalidated.status()).isEqualTo(304);
    assertThat(revalidated.cache()).isEqualTo("REVALIDATED");
    assertThat(gateway.sandbox().recentRequests()).last().extracting(RecordedRequest::uri).asString()
        .startsWith("/api/projects");
  }
}
