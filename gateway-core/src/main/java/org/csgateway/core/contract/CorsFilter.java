package org.csgateway.core.contract;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Answers;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * CORS at the edge, so it covers every answer, the gateway's own errors included.
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) from an allowed
 *       origin is answered here with 204 and the {@code Access-Control-Allow-*} headers, and never forwarded. The
 *       configured methods and headers are sent as they are; the browser compares them with its request.
 *   <li>A preflight from any other origin is refused here too, with 403 and an errors body and no CORS header:
 *       it is never answered as allowed, and it does not load the upstream or reach authentication (a preflight
 *       carries no credentials).
 *   <li>Any other request from an allowed origin proceeds, and its answer gets {@code Access-Control-Allow-Origin}
 *       (and {@code -Credentials}, {@code -Expose-Headers}) and {@code Vary: Origin}.
 *   <li>Requests without {@code Origin} or from origins not allowed proceed, and nothing is added to the answer.
 * </ul>
 */
public final class CorsFilter implements GatewayFilter {
  private static final System.Logger LOG = System.getLogger(CorsFilter.class.getName());

  private final CorsPolicy policy;
  private final ErrorResponder errors;
  private final String methods;
  private final String allowedHeaders;
  private final String exposedHeaders;
  private final String maxAge;

  public CorsFilter(CorsPolicy policy, ErrorResponder errors) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.methods = policy.allowedMethods().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    this.allowedHeaders = String.join(", ", policy.allowedHeaders());
    this.exposedHeaders = String.join(", ", policy.exposedHeaders());
    this.maxAge = Long.toString(policy.maxAge().toSeconds());
  }

  @Override
  public String id() {
    return "cors";
  }

  @Override
  public Stage stage() {
    return Stage.EDGE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    MultiMap request = exchange.request().headers();
    String origin = request.get(HttpHeaders.ORIGIN);
    boolean allowed = origin != null && policy.allows(origin);
    if (exchange.request().method() == HttpMethod.OPTIONS && origin != null
        && request.contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      return Future.succeededFuture(allowed ? preflight(origin) : refusedPreflight(exchange));
    }
    if (!allowed) {
      return chain.proceed(exchange);
    }
    return Answers.map(chain.proceed(exchange), response -> {
      MultiMap headers = allowOrigin(response.headers(), origin);
      if (!exposedHeaders.isEmpty()) {
        headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposedHeaders);
      }
      return response;
    });
  }

  private GatewayResponse preflight(String origin) {
    MultiMap headers = allowOrigin(HttpHeaders.headers(), origin)
        .set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods)
        .set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge);
    if (!allowedHeaders.isEmpty()) {
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders);
    }
    addVary(headers, "Access-Control-Request-Method");
    addVary(headers, "Access-Control-Request-Headers");
    return GatewayResponse.of(204, headers, null);
  }

  private GatewayResponse refusedPreflight(Exchange exchange) {
    LOG.log(System.Logger.Level.DEBUG, "Refused a CORS preflight from a disallowed origin (request {0})",
        exchange.requestId());
    MultiMap headers = HttpHeaders.headers();
    addVary(headers, "Origin");
    return errors.response(403, headers, List.of("This origin is not allowed to call the API"));
  }

  private MultiMap allowOrigin(MultiMap headers, String origin) {
    boolean any = policy.allowedOrigins().contains(CorsPolicy.ANY_ORIGIN);
    headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, any ? CorsPolicy.ANY_ORIGIN : origin);
    if (policy.allowCredentials()) {
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
    addVary(headers, "Origin");
    return headers;
  }

  /** Adds a name to {@code Vary} unless it (or {@code *}) is already there, in any of its lines. */
  private static void addVary(MultiMap headers, String name) {
    for (String line : headers.getAll(HttpHeaders.VARY)) {
      for (String present : line.split(",")) {
        String value = present.strip();
        if (value.equalsIgnoreCase(name) || value.equals("*")) {
          return;
        }
      }
    }
    headers.add(HttpHeaders.VARY, name);
  }
}
