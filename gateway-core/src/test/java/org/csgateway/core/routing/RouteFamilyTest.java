package org.csgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A route's family (what a write evicts from the cache): the first segment after /api, or after /api/admin. */
class RouteFamilyTest {
  @ParameterizedTest
  @CsvSource({
      "/api/projects, projects",
      "/api/projects/{project_id}/volumes, projects",
      "/api/admin/users/{id}, users",
      "/api/admin, admin",
      "/api, api",
      "/api/api/x, api",
      "/apix/foo, apix",
      "/admin/x, x",
      "/api/administrators/{id}, administrators",
      "/_sandbox/bytes/{n}, _sandbox"
  })
  void should_name_the_first_segment_after_api_and_admin(String template, String family) {
    Route route = new Route(HttpMethod.GET, template, AuthMode.NONE, Set.of(), ScopeMatch.NONE, false, false);

    assertThat(route.family()).isEqualTo(family);
  }
}
