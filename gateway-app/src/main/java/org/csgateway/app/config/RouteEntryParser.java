package org.csgateway.app.config;

import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.csgateway.core.routing.AuthMode;
import org.csgateway.core.routing.Route;
import org.csgateway.core.routing.ScopeMatch;

/**
 * One entry of a route file: {@code {method, path, auth, scopes, scopeMatch, collection, paginated}}. Method, path
 * and auth are required; scopes default to none, scopeMatch to {@code any} when there are scopes and {@code none}
 * otherwise, collection and paginated to false.
 */
final class RouteEntryParser implements SectionParser<Route> {
  private static final Map<String, HttpMethod> METHODS = new LinkedHashMap<>();

  static {
    for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
        HttpMethod.DELETE, HttpMethod.OPTIONS)) {
      METHODS.put(m.name().toLowerCase(java.util.Locale.ROOT), m);
    }
  }

  @Override
  public Route parse(ConfigNode node) {
    HttpMethod method = required(node, "method") ? node.choice("method", METHODS, null) : null;
    String path = node.requiredString("path");
    AuthMode auth = required(node, "auth") ? node.enumValue("auth", AuthMode.class, null) : null;
    List<String> scopes = node.strings("scopes", List.of());
    ScopeMatch scopeMatch = node.enumValue("scopeMatch", ScopeMatch.class, scopes.isEmpty() ? ScopeMatch.NONE
        : ScopeMatch.ANY);
    boolean collection = node.bool("collection", false);
    boolean paginated = node.bool("paginated", false);
    return node.construct(() -> new Route(method, path, auth, Set.copyOf(scopes), scopeMatch, collection, paginated));
  }

  private static boolean required(ConfigNode node, String key) {
    if (node.has(key)) {
      return true;
    }
    node.error(key, "is required");
    return false;
  }
}
