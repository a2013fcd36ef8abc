package org.csgateway.core.routing;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route table as a segment trie, so a lookup costs one step per path segment however many routes there are
 * (no linear regex scan). Literal segments win over parameters, with backtracking, as Rails' router resolves
 * {@code /api/users/ssh_keys} before {@code /api/users/{id}}. Paths may end in a {@code .json} or {@code .xml}
 * suffix, and a parameter never contains a '.', as in Rails' default segment pattern. Immutable once built.
 */
public final class RouteTable {
  private static final int MAX_SEGMENTS = 32;
  private static final String[] NO_SEGMENTS = new String[0];

  private final Node root;
  private final List<Route> routes;

  private RouteTable(Node root, List<Route> routes) {
    this.root = root;
    this.routes = routes;
  }

  /**
   * Builds a table.
   *
   * @throws IllegalArgumentException if two routes have the same method and shape
   */
  public static RouteTable of(Collection<Route> routes) {
    Node root = new Node();
    for (Route route : routes) {
      Node node = root;
      for (String segment : route.template().substring(1).split("/")) {
        if (segment.startsWith("{")) {
          String name = segment.substring(1, segment.length() - 1);
          // Rails allows different names at one position ({id} and {project_id}); each route keeps its own names
          // at its leaf, so the trie needs just one parameter child.
          if (node.param == null) {
            node.param = new Node();
          }
          node = node.param;
        } else {
          node = node.literals.computeIfAbsent(segment, s -> new Node());
        }
      }
      Route previous = node.methods.putIfAbsent(route.method(), route);
      if (previous != null) {
        throw new IllegalArgumentException("duplicate route " + route.method() + " " + route.template()
            + " (same shape as " + previous.template() + ")");
      }
      node.paramNames.put(route.method(), paramNames(route.template()));
    }
    return new RouteTable(root, List.copyOf(routes));
  }

  public List<Route> routes() {
    return routes;
  }

  /** Looks up a raw (still percent-encoded) request path, without its query. */
  public RouteLookup lookup(HttpMethod method, String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new RouteLookup.NotFound();
    }
    String path = rawPath;
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1); // Rails ignores one trailing slash
    }
    String format = null;
    int lastSlash = path.lastIndexOf('/');
    if (path.endsWith(".json") && path.length() - 5 > lastSlash + 1) {
      format = "json";
      path = path.substring(0, path.length() - 5);
    } else if (path.endsWith(".xml") && path.length() - 4 > lastSlash + 1) {
      format = "xml";
      path = path.substring(0, path.length() - 4);
    }
    String[] segments = split(path);
    if (segments == null) {
      return new RouteLookup.NotFound();
    }
    String[] values = new String[segments.length];
    Node leaf = walk(root, segments, 0, values, method);
    if (leaf == null) {
      Set<HttpMethod> allowed = new LinkedHashSet<>(4);
      collectMethods(root, segments, 0, allowed);
      return allowed.isEmpty()
          ? new RouteLookup.NotFound()
          : new RouteLookup.MethodNotAllowed(Collections.unmodifiableSet(allowed));
    }
    Route route = leaf.route(method);
    List<String> names = leaf.paramNames.get(route.method());
    Map<String, String> params = names.isEmpty() ? Map.of() : new LinkedHashMap<>(names.size() * 2);
    int p = 0;
    for (String value : values) {
      if (value != null) {
        params.put(names.get(p++), value);
      }
    }
    return new RouteLookup.Found(new RouteMatch(route, params, format));
  }

  /**
   * The first leaf, literals before parameters, that matches the path AND has a route for the method. The method
   * takes part in the search, as in Rails: {@code PATCH /api/users/ssh_keys} is {@code PATCH /api/users/{id}}, even
   * though the literal {@code /api/users/ssh_keys} exists (for GET and POST only).
   */
  private static Node walk(Node node, String[] segments, int i, String[] values, HttpMethod method) {
    if (i == segments.length) {
      return node.route(method) == null ? null : node;
    }
    String segment = segments[i];
    Node literal = node.literals.get(segment);
    if (literal != null) {
      Node found = walk(literal, segments, i + 1, values, method);
      if (found != null) {
        return found;
      }
    }
    if (node.param != null && segment.indexOf('.') < 0) {
      values[i] = segment;
      Node found = walk(node.param, segments, i + 1, values, method);
      if (found != null) {
        return found;
      }
      values[i] = null;
    }
    return null;
  }

  /** The methods of every leaf that matches the path, for a 405's {@code Allow}. */
  private static void collectMethods(Node node, String[] segments, int i, Set<HttpMethod> into) {
    if (i == segments.length) {
      into.addAll(node.methods.keySet());
      return;
    }
    Node literal = node.literals.get(segments[i]);
    if (literal != null) {
      collectMethods(literal, segments, i + 1, into);
    }
    if (node.param != null && segments[i].indexOf('.') < 0) {
      collectMethods(node.param, segments, i + 1, into);
    }
  }

  /** Splits "/a/b" into [a, b]; null for empty segments ("//") or too many segments. */
  private static String[] split(String path) {
    if (path.equals("/")) {
      return NO_SEGMENTS;
    }
    int count = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    if (count > MAX_SEGMENTS) {
      return null;
    }
    String[] parts = new String[count];
    int start = 1;
    for (int i = 0; i < count; i++) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (end == start) {
        return null;
      }
      parts[i] = path.substring(start, end);
      start = end + 1;
    }
    return parts;
  }

  private static List<String> paramNames(String template) {
    List<String> names = new ArrayList<>(2);
    for (String segment : template.substring(1).split("/")) {
      if (segment.startsWith("{")) {
        names.add(segment.substring(1, segment.length() - 1));
      }
    }
    return List.copyOf(names);
  }

  private static final class Node {
    final Map<String, Node> literals = new HashMap<>(4);
    final Map<HttpMethod, Route> methods = new HashMap<>(4);
    final Map<HttpMethod, List<String>> paramNames = new HashMap<>(4);
    Node param;

    /** The route for this method here; HEAD is served by GET, as in Rails. */
    Route route(HttpMethod method) {
      Route route = methods.get(method);
      return route == null && method == HttpMethod.HEAD ? methods.get(HttpMethod.GET) : route;
    }
  }
}
