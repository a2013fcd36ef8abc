package org.csgateway.core.error;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.csgateway.core.pipeline.GatewayResponse;

/**
 * The one place that writes error bodies. Every error the gateway itself produces has the API's documented shape,
 * {@code {"errors":["message", ...]}}, as JSON; a fault that is not a {@link GatewayException} becomes a generic 500
 * whose message reveals nothing about the cause.
 */
public final class ErrorResponder {
  static final String INTERNAL_MESSAGE = "The gateway failed to handle the request";
  private static final String JSON = "application/json; charset=utf-8";

  /** The JSON body {@code {"errors":[...]}} for these messages. */
  public Buffer body(List<String> messages) {
    return new JsonObject().put("errors", new JsonArray(List.copyOf(messages))).toBuffer();
  }

  /** An error answer for this exception, its headers included. */
  public GatewayResponse response(GatewayException error) {
    MultiMap headers = HttpHeaders.headers();
    for (Map.Entry<String, String> h : error.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    return response(error.status(), headers, List.of(error.getMessage()));
  }

  /** An error answer with this status, these extra headers and these messages. */
  public GatewayResponse response(int status, MultiMap headers, List<String> messages) {
    Buffer body = body(messages);
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
    headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    return GatewayResponse.of(status, headers, body);
  }

  /** An error answer for any failure: a {@link GatewayException} as it says, anything else as a generic 500. */
  public GatewayResponse response(Throwable failure) {
    if (failure instanceof GatewayException error) {
      return response(error);
    }
    return response(500, HttpHeaders.headers(), List.of(INTERNAL_MESSAGE));
  }

  /**
   * For {@code Future.recover}: turns a {@link GatewayException} into its answer and lets every other failure
   * (a fault) pass, to be logged and answered once at the edge.
   */
  public Future<GatewayResponse> recover(Throwable failure) {
    if (failure instanceof GatewayException error) {
      return Future.succeededFuture(response(error));
    }
    return Future.failedFuture(failure);
  }

  /**
   * Writes an error directly to a server response, for failures outside the pipeline (malformed requests, limits
   * checked before a request is accepted). Does nothing if the response head was already sent.
   */
  public void write(HttpServerResponse response, int status, String message) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    Buffer body = body(List.of(message));
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
        .end(body);
  }
}
