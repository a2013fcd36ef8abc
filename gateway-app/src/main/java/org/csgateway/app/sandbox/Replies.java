package org.csgateway.app.sandbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Writes the sandbox's answers as the upstream's Rack/Rails stack would: JSON with
 * {@code application/json; charset=utf-8}; Rack::ETag's weak {@code ETag} and
 * {@code Cache-Control: max-age=0, private, must-revalidate} on 200/201 answers with a body ({@code no-cache}
 * otherwise); Rack::ConditionalGet's 304 for a matching {@code If-None-Match} on GET/HEAD. Body faults
 * ({@link SandboxFault.Kind#SLOW_BODY}, {@link SandboxFault.Kind#RESET_MID_BODY}) picked at ingress apply here.
 *
 * <p>These bodies imitate the upstream on purpose (including its non-array error shapes), so they do not go
 * through the gateway's ErrorResponder.
 */
final class Replies {
  static final String FAULT_KEY = "sandbox.fault";
  static final String JSON = "application/json; charset=utf-8";
  private static final String ETAG_CACHE_CONTROL = "max-age=0, private, must-revalidate";
  private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

  private Replies() {}

  /** A JSON answer; the ETag is computed when Rack::ETag would add one. */
  static void json(RoutingContext ctx, int status, Buffer body) {
    boolean tagged = (status == 200 || status == 201) && body.length() > 0;
    send(ctx, status, body, tagged ? Etags.weak(body) : null);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body.toBuffer());
  }

  /** A JSON answer whose ETag is already known (precomputed with the body). */
  static void json(RoutingContext ctx, int status, Buffer body, String etag) {
    send(ctx, status, body, etag);
  }

  /** {@code {}} with this status (api_obj_destroyed and the async actions answer 202 {}). */
  static void emptyObject(RoutingContext ctx, int status) {
    json(ctx, status, EMPTY_OBJECT);
  }

  /** Rails' {@code head status}: no body. */
  static void head(RoutingContext ctx, int status) {
    send(ctx, status, Buffer.buffer(), null);
  }

  /** {@code {"errors":[messages]}}, the upstream's usual error shape. */
  static void errors(RoutingContext ctx, int status, String... messages) {
    json(ctx, status, new JsonObject().put("errors", new JsonArray(List.of((Object[]) messages))));
  }

  private static void send(RoutingContext ctx, int status, Buffer body, String etag) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    if (!response.headers().contains(HttpHeaders.CACHE_CONTROL)) {
      response.putHeader(HttpHeaders.CACHE_CONTROL, etag != null ? ETAG_CACHE_CONTROL : "no-cache");
    }
    if (etag != null) {
      response.putHeader(HttpHeaders.ETAG, etag);
      if (status == 200 && isGetOrHead(request) && matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
        response.setStatusCode(304).headers().remove(HttpHeaders.CONTENT_TYPE);
        response.end();
        return;
      }
    }
    SandboxFault fault = ctx.get(FAULT_KEY);
    if (fault == null || request.method() == HttpMethod.HEAD) {
      response.end(body);
    } else if (fault.kind() == SandboxFault.Kind.RESET_MID_BODY) {
      ConnectionFaults.cutBody(request, body);
    } else {
      ConnectionFaults.dribble(ctx.vertx(), response, body, fault.chunkBytes(), fault.delay().toMillis());
    }
  }

  private static boolean isGetOrHead(HttpServerRequest request) {
    return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
  }

  /** Rack::ConditionalGet compares the whole header; a list containing the tag or "*" is accepted too. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    if (ifNoneMatch.equals(etag)) {
      return true;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals(etag) || tag.equals("*")) {
        return true;
      }
    }
    return false;
  }
}
