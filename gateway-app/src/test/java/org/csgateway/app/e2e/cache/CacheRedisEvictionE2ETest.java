package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;
import static org.csgateway.app.e2e.cache.CacheGateway.OTHER;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.csgateway.app.e2e.cache.CacheHttp.Caller;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.core.ratelimit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "two gateway instances sharing a real Redis: a write through one evicts on the other". Two whole
 * gateways, each with its own cache: the first in front of the sandbox, the second in front of the first's sandbox,
 * sharing evictions over a real {@code redis-server} started for the test. The Basic credential's principal is a
 * keyed hash, so the instances share {@code auth.basic.hmacSecret} (as a deployment of several instances must).
 */
@ExtendWith(VertxExtension.class)
class CacheRedisEvictionE2ETest {
  private static final String PROJECTS = "/api/projects";
  private static final String SMALL_PAGES = "/api/projects?per_page=5";
  private static RedisServer redis;

  private CacheGateway first;
  private CacheGateway second;

  @BeforeAll
  static void startRedis() {
    Assumptions.assumeTrue(RedisServer.installed(), "redis-server is not installed");
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void start(Vertx vertx) {
    String yaml = """
        cache:
          enabled: true
          families: {projects: 5m}
          redis: {url: "%s", channel: "e2e:cache:%s"}
        auth: {basic: {hmacSecret: "shared-by-both-instances-0123456789"}}
        """.formatted(redis.url(), UUID.randomUUID());
    first = CacheGateway.start(vertx, yaml);
    second = CacheGateway.startInFrontOf(vertx, first, yaml);
  }

  @AfterEach
  void stop() {
    second.close();
    first.close();
  }

  @Test
  void should_evict_on_the_other_instance_when_a_basic_caller_writes_through_one() {
    for (CacheGateway gateway : new CacheGateway[] {first, second}) {
      gateway.get(PROJECTS, DEMO);
      gateway.get(SMALL_PAGES, DEMO);
      gateway.get(PROJECTS, OTHER);
    }
    assertThat(second.get(SMALL_PAGES, DEMO).cache()).isEqualTo("HIT");

    Reply patched =
        first.send(HttpMethod.PATCH, "/api/projects/" + firstProjectId(DEMO), DEMO, rename("renamed-on-first"));
    assertThat(patched.status()).isEqualTo(200);

    awaitEvicted(second, PROJECTS, DEMO);
    Reply page = second.get(SMALL_PAGES, DEMO);
    assertThat(page.cache()).isEqualTo("MISS");
    assertThat(page.body().toString()).contains("renamed-on-first");
    assertThat(second.get(PROJECTS, OTHER).cache()).as("another caller's page").isEqualTo("HIT");
    assertThat(first.get(PROJECTS, OTHER).cache()).isEqualTo("HIT");
    assertThat(first.get(PROJECTS, DEMO).cache()).as("the writer's own instance").isEqualTo("MISS");
  }

  @Test
  void should_evict_on_the_first_instance_when_a_token_caller_writes_through_the_second() {
    Caller writer = Caller.bearer("demo token",
        first.userToken(SandboxIdentities.DEMO_USER, "project_read", "project_write"));
    Caller reader = Caller.bearer("demo read token", first.userToken(SandboxIdentities.DEMO_USER, "project_read"));
    assertThat(first.get(PROJECTS, writer).cache()).isEqualTo("MISS");
    assertThat(first.get(PROJECTS, reader).cache()).isEqualTo("MISS");
    assertThat(first.get(PROJECTS, OTHER).cache()).isEqualTo("MISS");
    assertThat(first.get(PROJECTS, writer).cache()).isEqualTo("HIT");

    Reply patched = second.send(HttpMethod.PATCH, "/api/projects/" + firstProjectId(writer), writer,
        rename("renamed-on-second"));
    assertThat(patched.status()).isEqualTo(200);

    awaitEvicted(first, PROJECTS, writer);
    // The same user's entries under another scope set belong to the same principal, so they go too.
    assertThat(first.get(PROJECTS, reader).cache()).isEqualTo("MISS");
    assertThat(first.get(PROJECTS, writer).body().toString()).contains("renamed-on-second");
    assertThat(first.get(PROJECTS, OTHER).cache()).isEqualTo("HIT");
  }

  @Test
  void should_purge_on_every_instance_when_the_admin_purges_one() {
    first.get(PROJECTS, DEMO);
    second.get(PROJECTS, DEMO);
    second.get(PROJECTS, OTHER);

    assertThat(first.admin(HttpMethod.DELETE, "/cache").status()).isBetween(200, 299);

    awaitEvicted(second, PROJECTS, DEMO);
    awaitEvicted(second, PROJECTS, OTHER);
    assertThat(first.get(PROJECTS, DEMO).cache()).isEqualTo("MISS");
  }

  /**
   * Waits until the instance no longer holds the caller's page. A HEAD asks without filling: it is answered from a
   * fresh entry ({@code X-Cache: HIT}) or passed upstream unstored.
   */
  private static void awaitEvicted(CacheGateway gateway, String uri, Caller caller) {
    gateway.http().awaitTrue(caller.name() + "'s " + uri + " evicted",
        () -> gateway.request(HttpMethod.HEAD, uri, caller).map(reply -> !"HIT".equals(reply.cache())));
  }

  private long firstProjectId(Caller caller) {
    return first.direct("/api/projects?per_page=1", caller).json().getJsonArray("projects").getJsonObject(0)
        .getLong("id");
  }

  private static JsonObject rename(String name) {
    return new JsonObject().put("project", new JsonObject().put("name", name));
  }
}
