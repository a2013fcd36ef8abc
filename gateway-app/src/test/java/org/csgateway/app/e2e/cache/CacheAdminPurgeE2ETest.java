package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.csgateway.app.e2e.cache.CacheHttp.Caller;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "an admin purge endpoint removes by principal, by route, or all", on the admin listener:
 * {@code DELETE /cache/principals/{id}}, {@code DELETE /cache/routes/{template}} and {@code DELETE /cache}. Token
 * callers are used because their principal ids ({@code user:<id>/app:<client>}) are known to an operator.
 */
@ExtendWith(VertxExtension.class)
class CacheAdminPurgeE2ETest {
  private static final String PROJECTS = "/api/projects";
  private static final String PROJECT_PAGE = "/api/projects?per_page=5";
  private static final String VOLUMES = "/api/volumes";
  private static final List<String> PAGES = List.of(PROJECTS, PROJECT_PAGE, VOLUMES);

  private CacheGateway gateway;
  private Caller demo;
  private Caller other;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx, "cache: {enabled: true, families: {projects: 5m, volumes: 5m}}\n");
    demo = Caller.bearer("demo", gateway.userToken(SandboxIdentities.DEMO_USER, "project_read"));
    other = Caller.bearer("other", gateway.userToken(SandboxIdentities.OTHER_USER, "project_read"));
    for (Caller caller : List.of(demo, other)) {
      PAGES.forEach(page -> assertThat(gateway.get(page, caller).cache()).isEqualTo("MISS"));
      PAGES.forEach(page -> assertThat(gateway.get(page, caller).cache()).isEqualTo("HIT"));
    }
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_remove_only_that_principals_entries_when_the_admin_purges_a_principal() {
    String principal = CacheGateway.tokenPrincipal(SandboxIdentities.DEMO_USER_ID);

    Reply purged = gateway.admin(HttpMethod.DELETE, "/cache/principals/" + CacheGateway.pathSegment(principal));

    assertThat(purged.status()).isBetween(200, 299);
    PAGES.forEach(page -> assertThat(gateway.get(page, demo).cache()).as("demo %s", page).isEqualTo("MISS"));
    PAGES.forEach(page -> assertThat(gateway.get(page, other).cache()).as("other %s", page).isEqualTo("HIT"));
  }

  @Test
  void should_remove_every_callers_entries_of_that_route_when_the_admin_purges_a_route() {
    Reply purged = gateway.admin(HttpMethod.DELETE, "/cache/routes/" + CacheGateway.pathSegment(PROJECTS));

    assertThat(purged.status()).isBetween(200, 299);
    for (Caller caller : List.of(demo, other)) {
      assertThat(gateway.get(PROJECTS, caller).cache()).as("%s projects", caller.name()).isEqualTo("MISS");
      assertThat(gateway.get(PROJECT_PAGE, caller).cache()).as("%s other page size", caller.name())
          .isEqualTo("MISS");
      assertThat(gateway.get(VOLUMES, caller).cache()).as("%s volumes", caller.name()).isEqualTo("HIT");
    }
  }

  @Test
  void should_remove_everything_when_the_admin_purges_the_cache() {
    Reply purged = gateway.admin(HttpMethod.DELETE, "/cache");

    assertThat(purged.status()).isBetween(200, 299);
    assertThat(gateway.cacheStats().getLong("entries")).isZero();
    for (Caller caller : List.of(demo, other)) {
      PAGES.forEach(page -> assertThat(gateway.get(page, caller).cache()).as("%s %s", caller.name(), page)
          .isEqualTo("MISS"));
    }
  }
}
