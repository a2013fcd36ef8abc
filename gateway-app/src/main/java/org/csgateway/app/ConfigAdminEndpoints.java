package org.csgateway.app;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;
import org.csgateway.app.lifecycle.ReloadResult;
import org.csgateway.core.error.ErrorResponder;

/**
 * {@code POST /config/reload}: reloads the configuration file, as SIGHUP and the file watch do. 200 with
 * {@code {"hash":"<sha256>","changed":true|false}} when the file's configuration is in force, 422 with
 * {@code {"errors":[...]}} listing every reason when it is refused (the running configuration is then kept).
 */
final class ConfigAdminEndpoints {
  private final Supplier<Future<ReloadResult>> reload;
  private final AdminReplies replies;
  private final ErrorResponder errors = new ErrorResponder();

  ConfigAdminEndpoints(Supplier<Future<ReloadResult>> reload, AdminReplies replies) {
    this.reload = reload;
    this.replies = replies;
  }

  void mount(Router router) {
    router.post("/config/reload").handler(ctx -> reload.get().onComplete(done -> {
      if (done.failed()) {
        replies.error(ctx, 500, "The reload failed: " + done.cause().getMessage());
        return;
      }
      ReloadResult result = done.result();
      if (result.applied()) {
        replies.json(ctx, new JsonObject().put("hash", result.hash()).put("changed", result.changed()));
      } else {
        ctx.response().setStatusCode(422)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(errors.body(result.errors()));
      }
    }));
  }
}
