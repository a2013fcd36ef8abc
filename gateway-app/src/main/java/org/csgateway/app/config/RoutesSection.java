package org.csgateway.app.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.csgateway.core.routing.PathPattern;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.RouteTable;
import org.csgateway.core.routing.RoutingConfig;
import org.csgateway.core.routing.UnmatchedPolicy;

/**
 * The {@code routes} section: which route files make the table ({@code classpath:} or paths relative to the
 * configuration file), what happens to unmatched requests, and which path patterns are always refused. Each route
 * file is a mapping with a {@code routes} list (see {@link RouteEntryParser}); its errors carry its name and the
 * entry's index.
 */
final class RoutesSection implements SectionParser<RoutingConfig> {
  static final List<String> DEFAULT_FILES =
      List.of("classpath:routes/computestacks.yaml", "classpath:routes/computestacks-admin.yaml");

  private final ConfigResources resources;

  RoutesSection(ConfigResources resources) {
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  @Override
  public RoutingConfig parse(ConfigNode node) {
    List<String> files = node.strings("files", DEFAULT_FILES);
    UnmatchedPolicy unmatched = node.enumValue("unmatched", UnmatchedPolicy.class, UnmatchedPolicy.REJECT);
    List<PathPattern> blocked = node.list("blocked", RoutingConfig.DEFAULT_BLOCKED, PathPattern::of);
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      routes.addAll(readFile(node, "files[" + i + "]", files.get(i)));
    }
    if (node.hasErrors()) {
      return null;
    }
    if (routes.isEmpty() && unmatched == UnmatchedPolicy.REJECT) {
      node.error("files", "no routes are configured while unmatched is reject, so every request would be refused");
      return null;
    }
    RouteTable table;
    try {
      table = RouteTable.of(routes);
    } catch (IllegalArgumentException e) {
      node.error("files", e.getMessage());
      return null;
    }
    return node.construct(() -> new RoutingConfig(table, unmatched, blocked));
  }

  private List<Route> readFile(ConfigNode node, String key, String location) {
    String text;
    try {
      text = resources.read(location);
    } catch (IOException e) {
      node.error(key, "cannot read route file '" + location + "': " + e.getMessage());
      return List.of();
    }
    ConfigNode document = node.document(text, location);
    if (document == null) {
      return List.of();
    }
    if (!document.has("routes")) {
      document.error("routes", "is required: a list of routes");
    }
    List<Route> routes = document.sections("routes", new RouteEntryParser());
    document.finish();
    return routes;
  }
}
