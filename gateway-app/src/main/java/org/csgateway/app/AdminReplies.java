package org.csgateway.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import org.csgateway.core.error.ErrorResponder;

/**
 * How the admin endpoints answer: JSON objects, and errors in the API's {@code {"errors":["..."]}} shape through
 * the {@link ErrorResponder}. Actions that scan a cache run on a worker thread, since the admin listener may share
 * its event loop with proxy traffic.
 */
final class AdminReplies {
  private static final Logger LOG = System.getLogger(AdminReplies.class.getName());

  private final Vertx vertx;
  private final ErrorResponder errors = new ErrorResponder();

  AdminReplies(Vertx vertx) {
    this.vertx = vertx;
  }

  void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(body);
  }

  void error(RoutingContext ctx, int status, String message) {
    errors.write(ctx.response(), status, message);
  }

  /**
   * Runs an action off the event loop and answers its result as JSON; an {@link IllegalArgumentException} (a bad
   * hash, say) becomes 400 with its message, anything else 500.
   */
  void blocking(RoutingContext ctx, Callable<JsonObject> action) {
    vertx.executeBlocking(action, false).onComplete(result -> {
      if (result.succeeded()) {
        json(ctx, result.result());
      } else if (result.cause() instanceof IllegalArgumentException bad) {
        error(ctx, 400, bad.getMessage());
      } else {
        LOG.log(Level.ERROR, "admin " + ctx.request().method() + " " + ctx.request().path() + " failed",
            result.cause());
        error(ctx, 500, "The admin action failed");
      }
    });
  }

  /** A feature the configuration leaves out has no admin endpoints: 404 naming the switch. */
  void disabled(RoutingContext ctx, String feature) {
    error(ctx, 404, feature + " is not enabled in this configuration");
  }
}
