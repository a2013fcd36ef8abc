package org.csgateway.auth.testing;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteTable;
import org.csgateway.core.routing.ScopeMatch;

/** A few rows of the ComputeStacks route table, as routes.yaml states them. */
public final class TestRoutes {
  private TestRoutes() {}

  public static RouteTable table() {
    return RouteTable.of(List.of(
        scoped(HttpMethod.GET, "/api/projects", ScopeMatch.ANY, "project_read"),
        scoped(HttpMethod.GET, "/api/projects/{id}", ScopeMatch.ANY, "project_read"),
        scoped(HttpMethod.GET, "/api/container_images", ScopeMatch.ANY, "public", "images_read"),
        scoped(HttpMethod.POST, "/api/container_images", ScopeMatch.ANY, "images_write"),
        scoped(HttpMethod.GET, "/api/container_images/{container_image_id}/collaborators", ScopeMatch.ANY,
            "public", "images_read"),
        scoped(HttpMethod.GET, "/api/zones/{zone_id}/collaborators", ScopeMatch.ALL, "dns_read", "dns_write"),
        new Route(HttpMethod.GET, "/api/admin/users", AuthMode.ADMIN_USER, Set.of("admin_read"), ScopeMatch.ANY,
            false, false),
        open(HttpMethod.GET, "/api/user/{external_id}/authcheck", AuthMode.NONE),
        open(HttpMethod.POST, "/api/oauth/token", AuthMode.OAUTH),
        open(HttpMethod.POST, "/api/oauth/revoke", AuthMode.OAUTH),
        open(HttpMethod.GET, "/api/oauth/token/info", AuthMode.OAUTH)));
  }

  private static Route scoped(HttpMethod method, String template, ScopeMatch match, String... scopes) {
    return new Route(method, template, AuthMode.SCOPED, Set.of(scopes), match, false, false);
  }

  private static Route open(HttpMethod method, String template, AuthMode auth) {
    return new Route(method, template, auth, Set.of(), ScopeMatch.NONE, false, false);
  }
}
