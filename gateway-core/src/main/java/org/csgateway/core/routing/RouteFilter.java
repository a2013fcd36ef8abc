package org.csgateway.core.routing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * The route stage: finds the request's route and puts the {@link RouteMatch} on the exchange, or refuses it.
 * <ul>
 *   <li>400 PATH_INVALID: malformed encoding, dot segments, backslashes, control characters ({@link DecodedPath});
 *   <li>404 PATH_BLOCKED: the decoded path matches a blocked pattern. The answer is the upstream's unknown-route
 *       answer, so a blocked namespace looks like one that does not exist;
 *   <li>404 ROUTE_NOT_FOUND: no route has this path, unless unmatched requests are forwarded;
 *   <li>405 METHOD_NOT_ALLOWED with {@code Allow}: the path is known but not with this method (forwarded too in
 *       forward mode). {@code OPTIONS} on a known path is answered 200 with {@code Allow} and no body, as the
 *       upstream answers OPTIONS on any API path.
 * </ul>
 */
public final class RouteFilter implements GatewayFilter {
  public static final String ID = "route";
  /** The upstream's own message for an unknown API path. */
  public static final String UNKNOWN_PATH = "Unknown API Call. Please check the documentation.";

  private final RouteTable table;
  private final UnmatchedPolicy unmatched;
  private final List<PathPattern> blocked;

  public RouteFilter(RoutingConfig config) {
    Objects.requireNonNull(config, "config");
    this.table = config.table();
    this.unmatched = config.unmatched();
    this.blocked = config.blocked();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Stage stage() {
    return Stage.ROUTE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    String path = exchange.request().path();
    DecodedPath decoded = DecodedPath.of(path);
    if (!blocked.isEmpty() && decoded.matchesAny(blocked)) {
      exchange.put(Observations.BLOCKED, Boolean.TRUE);
      return Future.failedFuture(new GatewayException(404, "PATH_BLOCKED", UNKNOWN_PATH));
    }
    HttpMethod method = exchange.request().method();
    RouteLookup lookup = table.lookup(method, path);
    if (lookup instanceof RouteLookup.Found found) {
      exchange.route(found.match());
      return chain.proceed(exchange);
    }
    if (unmatched == UnmatchedPolicy.FORWARD) {
      return chain.proceed(exchange);
    }
    if (lookup instanceof RouteLookup.MethodNotAllowed notAllowed) {
      String allow = allowHeader(notAllowed.allowed());
      if (method == HttpMethod.OPTIONS) {
        MultiMap headers = HttpHeaders.headers().set(HttpHeaders.ALLOW, allow).set(HttpHeaders.CONTENT_LENGTH, "0");
        return Future.succeededFuture(GatewayResponse.of(200, headers, null));
      }
      return Future.failedFuture(new GatewayException(405, "METHOD_NOT_ALLOWED",
          "The method " + method.name() + " is not allowed on this path; allowed: " + allow,
          Map.of(HttpHeaders.ALLOW.toString(), allow), null));
    }
    return Future.failedFuture(GatewayException.notFound(UNKNOWN_PATH));
  }

  /** The methods in a stable order, with HEAD where GET is allowed and OPTIONS always. */
  static String allowHeader(Set<HttpMethod> allowed) {
    Set<String> names = new TreeSet<>();
    for (HttpMethod m : allowed) {
      names.add(m.name());
    }
    if (names.contains("GET")) {
      names.add("HEAD");
    }
    names.add("OPTIONS");
    StringJoiner joined = new StringJoiner(", ");
    names.forEach(joined::add);
    return joined.toString();
  }
}
