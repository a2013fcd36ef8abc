package org.csgateway.app.sandbox;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * One authenticated API request on its way into an action: the routing context, the user it resolved to (null for
 * a token without one), the bearer token if any, and Rails-style parameter access (path, then query, then body).
 */
final class ApiCall {
  private final RoutingContext ctx;
  private final Map<String, String> pathParams;
  private final Accounts.User user;
  private final TokenStore.Token token;
  private Map<String, Object> query;
  private JsonObject body;

  ApiCall(RoutingContext ctx, Map<String, String> pathParams, Accounts.User user, TokenStore.Token token) {
    this.ctx = ctx;
    this.pathParams = pathParams;
    this.user = user;
    this.token = token;
  }

  RoutingContext ctx() {
    return ctx;
  }

  /** The resolved user, or null. */
  Accounts.User user() {
    return user;
  }

  Long userId() {
    return user == null ? null : user.id();
  }

  TokenStore.Token token() {
    return token;
  }

  /**
   * The query parameters, parsed as Rack does.
   *
   * @throws RailsParams.BadQueryException for a malformed query
   */
  Map<String, Object> query() {
    if (query == null) {
      query = RailsParams.parseQuery(ctx.request().query());
    }
    return query;
  }

  String pathParam(String name) {
    return pathParams.get(name);
  }

  /** A path parameter as ActiveRecord casts an id: {@code to_i}, so "5abc" is 5 and "abc" is 0. */
  long idParam(String name) {
    return RailsParams.toI(pathParams.get(name));
  }

  /** A parameter from the path, else the query, else the body (as Rails merges them). */
  String param(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      value = RailsParams.single(query(), name);
    }
    if (value == null) {
      Object fromBody = body().getValue(name);
      value = fromBody == null ? null : fromBody.toString();
    }
    return value;
  }

  /** The body's parameters: a JSON object, or form fields; empty when there is neither. */
  JsonObject body() {
    if (body == null) {
      body = parseBody(ctx);
    }
    return body;
  }

  /**
   * The attributes of a wrapped model, {@code {"project": {...}}}; Rails' wrap_parameters also accepts them
   * unwrapped at the top level. Null when the body has neither.
   */
  JsonObject modelParams(String member) {
    JsonObject all = body();
    Object wrapped = all.getValue(member);
    if (wrapped instanceof JsonObject object) {
      return object;
    }
    return all.isEmpty() ? null : all;
  }

  static JsonObject parseBody(RoutingContext ctx) {
    RequestBody requestBody = ctx.body();
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (requestBody != null && requestBody.length() > 0 && contentType != null && contentType.contains("json")) {
      try {
        Object parsed = Json.decodeValue(requestBody.buffer());
        return parsed instanceof JsonObject object ? object : new JsonObject();
      } catch (DecodeException e) {
        return new JsonObject();
      }
    }
    JsonObject form = new JsonObject();
    ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
    return form;
  }
}
