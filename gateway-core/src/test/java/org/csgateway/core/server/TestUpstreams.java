package org.csgateway.core.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** Upstream handlers for tests. */
public final class TestUpstreams {
  private TestUpstreams() {}

  /**
   * Answers 200 with what it received as JSON: {@code method}, {@code uri}, {@code headers} (lower-case name to the
   * list of values) and {@code bodyBytes}, counted without keeping the body.
   */
  public static Handler<HttpServerRequest> echo() {
    return request -> {
      long[] bodyBytes = {0};
      request.handler(chunk -> bodyBytes[0] += chunk.length());
      request.endHandler(done -> request.response()
          .putHeader("Content-Type", "application/json")
          .end(describe(request).put("bodyBytes", bodyBytes[0]).toBuffer()));
    };
  }

  /** The request's method, URI and headers as JSON. */
  public static JsonObject describe(HttpServerRequest request) {
    JsonObject headers = new JsonObject();
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      JsonArray values = headers.getJsonArray(name);
      if (values == null) {
        values = new JsonArray();
        headers.put(name, values);
      }
      values.add(header.getValue());
    }
    return new JsonObject().put("method", request.method().name()).put("uri", request.uri()).put("headers", headers);
  }
}
