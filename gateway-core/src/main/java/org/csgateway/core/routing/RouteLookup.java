package org.csgateway.core.routing;

import io.vertx.core.http.HttpMethod;
import java.util.Set;

/** The outcome of looking a request up in the {@link RouteTable}. */
public sealed interface RouteLookup {

  /** The path and method matched a route. */
  record Found(RouteMatch match) implements RouteLookup {}

  /** The path matched a template, but not with this method. */
  record MethodNotAllowed(Set<HttpMethod> allowed) implements RouteLookup {}

  /** No template matched the path. */
  record NotFound() implements RouteLookup {}
}
