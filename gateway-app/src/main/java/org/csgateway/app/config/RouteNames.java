package org.csgateway.app.config;

import java.util.HashSet;
import java.util.Set;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RoutingConfig;

/**
 * The route ids, families and {@code "METHOD id"} names of the configured table, so that sections naming routes
 * (rate-limit selectors and costs, cache TTLs) report a typo instead of silently matching nothing. Without a table
 * (the routes section is invalid, or empty with {@code unmatched: forward}) every name is accepted.
 */
final class RouteNames {
  private final Set<String> ids = new HashSet<>();
  private final Set<String> families = new HashSet<>();
  private final Set<String> methodIds = new HashSet<>();
  private final Set<String> collections = new HashSet<>();
  private final boolean known;

  RouteNames(RoutingConfig routes) {
    known = routes != null && !routes.table().routes().isEmpty();
    if (known) {
      for (Route route : routes.table().routes()) {
        ids.add(route.id());
        families.add(route.family());
        methodIds.add(route.method().name() + ' ' + route.id());
        if (route.collection()) {
          collections.add(route.id());
        }
      }
    }
  }

  /** Records an error unless the route template is in the table. */
  void checkId(ConfigNode node, String key, String id) {
    if (known && !ids.contains(id)) {
      node.error(key, "no route has the template '" + id + "'");
    }
  }

  /** Records an error unless the template is a GET collection route of the table (only those are cached). */
  void checkCollection(ConfigNode node, String key, String id) {
    if (known && !collections.contains(id)) {
      node.error(key, ids.contains(id) ? "is not a collection route, whose answers are never cached"
          : "no route has the template '" + id + "'");
    }
  }

  /** Records an error unless some route of the table belongs to this family. */
  void checkFamily(ConfigNode node, String key, String family) {
    if (known && !families.contains(family)) {
      node.error(key, "no route belongs to the family '" + family + "'");
    }
  }

  /** Records an error unless the name is a template, or a method and template ("POST /api/projects"), of the table. */
  void checkIdOrMethodId(ConfigNode node, String key, String name) {
    if (known && !ids.contains(name) && !methodIds.contains(name)) {
      node.error(key, "no route is named '" + name + "' (write a template, or a method and a template)");
    }
  }
}
