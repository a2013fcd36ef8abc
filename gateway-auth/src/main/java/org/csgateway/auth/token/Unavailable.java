package org.csgateway.auth.token;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.function.Function;
import org.csgateway.core.error.GatewayException;

/** The one shape of "the authorization server could not be asked": 503, the gateway fails closed. */
final class Unavailable {
  static final String CODE = "AUTH_SERVER_UNAVAILABLE";
  private static final String MESSAGE = "The authorization server is unavailable, try again later";

  private Unavailable() {}

  /** @param detail what went wrong, for the log only: never the token */
  static GatewayException of(String detail, Throwable cause) {
    return new GatewayException(503, CODE, MESSAGE, Map.of(), new IllegalStateException(detail, cause));
  }

  /**
   * Interprets an authorization server's answer: a failed call, or an answer the interpreter cannot read (it
   * throws), becomes a 503; the interpreter throws {@link GatewayException}s for statuses it does not accept.
   */
  static <T> Future<T> interpret(
      AsyncResult<HttpResponse<Buffer>> result, String what, Function<HttpResponse<Buffer>, T> interpreter) {
    if (result.failed()) {
      return Future.failedFuture(of(what + " failed: " + result.cause().getMessage(), result.cause()));
    }
    HttpResponse<Buffer> response = result.result();
    if (response.statusCode() >= 500) {
      return Future.failedFuture(of(what + " answered " + response.statusCode(), null));
    }
    try {
      return Future.succeededFuture(interpreter.apply(response));
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(of(what + " gave an unreadable answer (" + response.statusCode() + ")", e));
    }
  }
}
