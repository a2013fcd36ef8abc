package org.csgateway.core.routing;

import java.util.List;
import java.util.Objects;

/**
 * What the route stage needs: the route table, what to do with requests it does not know, and the path patterns
 * refused whatever the table says. Immutable.
 *
 * @param table the routes
 * @param unmatched what happens to a request that matches no route
 * @param blocked patterns refused with 404 even in forward mode (checked on the decoded path)
 */
public record RoutingConfig(RouteTable table, UnmatchedPolicy unmatched, List<PathPattern> blocked) {

  /**
   * The upstream's internal namespaces, which have no authentication of their own (api.md §8): the system events
   * API and the cluster nodes' stacks API.
   */
  public static final List<PathPattern> DEFAULT_BLOCKED =
      List.of(PathPattern.of("/api/system/**"), PathPattern.of("/api/stacks/**"));

  public RoutingConfig {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(unmatched, "unmatched");
    blocked = List.copyOf(Objects.requireNonNull(blocked, "blocked"));
  }
}
