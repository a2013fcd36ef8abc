package org.csgateway.app;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.csgateway.cache.CacheInvalidator;
import org.csgateway.cache.CacheStatus;
import org.csgateway.cache.ResponseCache;
import org.csgateway.core.routing.RouteTable;

/**
 * The admin endpoints of the response cache: {@code DELETE /cache/principals/{id}} (URL-encoded principal id),
 * {@code DELETE /cache/routes/{template}} (URL-encoded route template, such as {@code %2Fapi%2Fprojects}),
 * {@code DELETE /cache} (everything) and {@code GET /cache/stats}. Purges reach the other instances through the
 * eviction bus when Redis is configured. The cache and the route table are looked up per request, as a
 * configuration reload may replace them.
 */
final class CacheAdminEndpoints {
  private final Supplier<SharedComponents> components;
  private final Supplier<RouteTable> routes;
  private final AdminReplies replies;

  CacheAdminEndpoints(Supplier<SharedComponents> components, Supplier<RouteTable> routes, AdminReplies replies) {
    this.components = components;
    this.routes = routes;
    this.replies = replies;
  }

  void mount(Router router) {
    router.delete("/cache/principals/:id").handler(ctx -> with(ctx, purge -> {
      String principal = ctx.pathParam("id");
      replies.blocking(ctx, () -> new JsonObject().put("principal", principal)
          .put("evicted", purge.purgePrincipal(principal)));
    }));
    router.delete("/cache/routes/:template").handler(ctx -> with(ctx, purge -> {
      String template = ctx.pathParam("template");
      if (routes.get().routes().stream().noneMatch(route -> route.id().equals(template))) {
        replies.error(ctx, 404, "no route has the template '" + template + "'");
        return;
      }
      replies.blocking(ctx, () -> new JsonObject().put("route", template).put("evicted", purge.purgeRoute(template)));
    }));
    router.delete("/cache").handler(ctx -> with(ctx, purge ->
        replies.blocking(ctx, () -> new JsonObject().put("evicted", purge.purgeAll()))));
    router.get("/cache/stats").handler(ctx -> components.get().cache().ifPresentOrElse(c -> replies.blocking(ctx, () -> stats(c)),
        () -> replies.disabled(ctx, "cache")));
  }

  private void with(RoutingContext ctx, Consumer<CacheInvalidator> action) {
    components.get().cacheInvalidator().ifPresentOrElse(action, () -> replies.disabled(ctx, "cache"));
  }

  /**
   * Entry counts and bytes (after pending maintenance, hence off the event loop), whether the byte bound is
   * evicting, answers stored and declined ({@code minUses}, {@code minUsesWhenFull}), and the answers by outcome.
   */
  private static JsonObject stats(ResponseCache cache) {
    JsonObject answers = new JsonObject();
    for (CacheStatus status : CacheStatus.values()) {
      answers.put(status.name(), cache.count(status));
    }
    return new JsonObject()
        .put("entries", cache.size())
        .put("bytes", cache.weightedSize())
        .put("maxBytes", cache.config().maxBytes())
        .put("evictions", cache.stats().evictionCount())
        .put("full", cache.isFull())
        .put("stored", cache.stores())
        .put("declined", cache.declined())
        .put("answers", answers);
  }
}
