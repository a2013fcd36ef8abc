package org.csgateway.core.ratelimit;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Set;
import org.csgateway.core.routing.RouteMatch;

/**
 * Which requests a policy applies to. Each non-empty set must match (route id, family and method are ANDed; the
 * values within a set are ORed); empty sets match everything. A request that matched no route (an unmatched path
 * passed through) is selected only by a selector without route ids or families.
 * YAML: {@code routes: {ids: ["/api/oauth/token"], families: [projects], methods: [POST]}}.
 *
 * @param ids route ids, that is route templates such as {@code /api/projects/{project_id}}
 * @param families route families as {@link org.csgateway.core.routing.Route#family()} names them, such as "projects"
 * @param methods HTTP methods
 */
public record RouteSelector(Set<String> ids, Set<String> families, Set<HttpMethod> methods) {

  public RouteSelector {
    ids = Set.copyOf(Objects.requireNonNull(ids, "ids"));
    families = Set.copyOf(Objects.requireNonNull(families, "families"));
    methods = Set.copyOf(Objects.requireNonNull(methods, "methods"));
  }

  /** Selects every request. */
  public static RouteSelector all() {
    return new RouteSelector(Set.of(), Set.of(), Set.of());
  }

  /** Selects these route ids, whatever the method. */
  public static RouteSelector ids(String... ids) {
    return new RouteSelector(Set.of(ids), Set.of(), Set.of());
  }

  /** Whether a request with this method and route (null when unmatched) is selected. */
  public boolean matches(HttpMethod method, RouteMatch match) {
    if (!methods.isEmpty() && !methods.contains(method)) {
      return false;
    }
    if (match == null) {
      return ids.isEmpty() && families.isEmpty();
    }
    return (ids.isEmpty() || ids.contains(match.route().id()))
        && (families.isEmpty() || families.contains(match.route().family()));
  }
}
