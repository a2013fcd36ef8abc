package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;
import static org.csgateway.app.e2e.cache.CacheGateway.OTHER;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "a POST to /api/projects evicts that caller's /api/projects pages of every size, and not another
 * caller's". The upstream has no {@code POST /api/projects} (projects are created through orders; the sandbox
 * answers 404, as ComputeStacks does), so the bullet is done here with the upstream's real writes to the projects
 * family, {@code PATCH} and {@code DELETE /api/projects/{id}}: the filter treats every successful POST, PUT, PATCH and
 * DELETE of a family alike.
 */
@ExtendWith(VertxExtension.class)
class CacheWriteEvictionE2ETest {
  /** Pages of every size, the default one included. */
  private static final List<String> DEMO_PAGES = List.of("/api/projects", "/api/projects?per_page=5",
      "/api/projects?per_page=10&page=2", "/api/projects?per_page=100", "/api/projects?per_page=1");
  private static final List<String> OTHER_PAGES = List.of("/api/projects", "/api/projects?per_page=5");
  private static final String DEMO_VOLUMES = "/api/volumes";

  private CacheGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx, "cache: {enabled: true, families: {projects: 5m, volumes: 5m}}\n");
    fillAndConfirmHits();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_evict_every_page_size_of_the_writers_projects_and_no_one_elses_when_the_writer_patches_a_project() {
    long id = firstDemoProjectId();
    Reply patched = gateway.send(HttpMethod.PATCH, "/api/projects/" + id, DEMO,
        new JsonObject().put("project", new JsonObject().put("name", "renamed-through-the-gateway")));
    assertThat(patched.status()).isEqualTo(200);

    for (String page : DEMO_PAGES) {
      Reply after = gateway.get(page, DEMO);
      assertThat(after.cache()).as("demo %s after the write", page).isEqualTo("MISS");
      assertThat(after.body()).as("demo %s after the write", page).isEqualTo(gateway.direct(page, DEMO).body());
    }
    assertThat(gateway.get("/api/projects?per_page=1", DEMO).body().toString())
        .contains("renamed-through-the-gateway");
    assertUntouched();
  }

  @Test
  void should_evict_the_writers_pages_when_the_writer_deletes_a_project() {
    Reply deleted = gateway.send(HttpMethod.DELETE, "/api/projects/" + firstDemoProjectId(), DEMO, null);
    assertThat(deleted.status()).isEqualTo(202);

    for (String page : DEMO_PAGES) {
      Reply after = gateway.get(page, DEMO);
      assertThat(after.cache()).as("demo %s after the delete", page).isEqualTo("MISS");
      assertThat(after.header("Total")).isEqualTo("74");
    }
    assertUntouched();
  }

  @Test
  void should_keep_the_writers_pages_when_the_write_fails() {
    Reply invalid = gateway.send(HttpMethod.PATCH, "/api/projects/" + firstDemoProjectId(), DEMO,
        new JsonObject().put("project", new JsonObject().put("name", "")));
    Reply notTheirs = gateway.send(HttpMethod.PATCH, "/api/projects/" + firstOtherProjectId(), DEMO,
        new JsonObject().put("project", new JsonObject().put("name", "not-mine")));

    assertThat(invalid.status()).isEqualTo(422);
    assertThat(notTheirs.status()).isEqualTo(404);
    for (String page : DEMO_PAGES) {
      assertThat(gateway.get(page, DEMO).cache()).as("demo %s after failed writes", page).isEqualTo("HIT");
    }
    assertUntouched();
  }

  private void fillAndConfirmHits() {
    DEMO_PAGES.forEach(page -> assertThat(gateway.get(page, DEMO).cache()).isEqualTo("MISS"));
    OTHER_PAGES.forEach(page -> assertThat(gateway.get(page, OTHER).cache()).isEqualTo("MISS"));
    assertThat(gateway.get(DEMO_VOLUMES, DEMO).cache()).isEqualTo("MISS");
    DEMO_PAGES.forEach(page -> assertThat(gateway.get(page, DEMO).cache()).isEqualTo("HIT"));
  }

  /** The other caller's project pages and the writer's pages of another family are still served from the cache. */
  private void assertUntouched() {
    for (String page : OTHER_PAGES) {
      Reply other = gateway.get(page, OTHER);
      assertThat(other.cache()).as("other %s", page).isEqualTo("HIT");
      assertThat(other.body()).isEqualTo(gateway.direct(page, OTHER).body());
    }
    assertThat(gateway.get(DEMO_VOLUMES, DEMO).cache()).isEqualTo("HIT");
  }

  private long firstDemoProjectId() {
    return gateway.direct("/api/projects?per_page=1", DEMO).json().getJsonArray("projects").getJsonObject(0)
        .getLong("id");
  }

  private long firstOtherProjectId() {
    return gateway.direct("/api/projects?per_page=1", OTHER).json().getJsonArray("projects").getJsonObject(0)
        .getLong("id");
  }
}
