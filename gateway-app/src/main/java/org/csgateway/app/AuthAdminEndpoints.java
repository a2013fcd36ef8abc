package org.csgateway.app;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.csgateway.auth.AuthAdmin;

/**
 * The admin endpoints of the authentication stage's memory:
 * {@code DELETE /auth/tokens/{sha256}} (hex SHA-256 of the token, so a live token never travels to the admin
 * port), {@code DELETE /auth/principals/{id}} (URL-encoded principal id: every token of it, or a Basic verdict
 * {@code basic:...}), {@code DELETE /auth/cache} (everything) and {@code GET /auth/stats}. The memory is looked up
 * per request, as a configuration reload may replace it.
 */
final class AuthAdminEndpoints {
  private final Supplier<Optional<AuthAdmin>> admin;
  private final AdminReplies replies;

  AuthAdminEndpoints(Supplier<Optional<AuthAdmin>> admin, AdminReplies replies) {
    this.admin = admin;
    this.replies = replies;
  }

  void mount(Router router) {
    router.delete("/auth/tokens/:sha256").handler(ctx -> with(ctx, auth -> {
      String hash = ctx.pathParam("sha256");
      replies.blocking(ctx, () -> new JsonObject().put("evicted", auth.evictTokenHash(hash) ? 1 : 0));
    }));
    router.delete("/auth/principals/:id").handler(ctx -> with(ctx, auth -> {
      String principal = ctx.pathParam("id");
      replies.blocking(ctx, () -> new JsonObject().put("principal", principal)
          .put("evicted", auth.evictPrincipal(principal)));
    }));
    router.delete("/auth/cache").handler(ctx -> with(ctx, auth ->
        replies.blocking(ctx, () -> new JsonObject().put("evicted", auth.evictAll()))));
    router.get("/auth/stats").handler(ctx -> with(ctx, auth -> replies.json(ctx, stats(auth.stats()))));
  }

  private void with(RoutingContext ctx, Consumer<AuthAdmin> action) {
    admin.get().ifPresentOrElse(action, () -> replies.disabled(ctx, "auth"));
  }

  private static JsonObject stats(AuthAdmin.Stats stats) {
    CacheStats tokens = stats.tokenCache();
    return new JsonObject()
        .put("tokenEntries", stats.tokenEntries())
        .put("basicEntries", stats.basicEntries())
        .put("tokenCache", new JsonObject()
            .put("hits", tokens.hitCount())
            .put("misses", tokens.missCount())
            .put("hitRate", tokens.hitRate())
            .put("evictions", tokens.evictionCount()));
  }
}
