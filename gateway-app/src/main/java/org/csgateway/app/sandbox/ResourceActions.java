package org.csgateway.app.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The CRUD actions shared by the resource families, as the upstream's controllers behave: index paginated and
 * root-keyed, show with the member root key, lookups through {@code find_for(current_user, id)} (nil without a
 * user, hence 404 with an empty body, api.md §6 {@code api_obj_missing}), destroy answering 202 {@code {}}.
 */
final class ResourceActions {
  private ResourceActions() {}

  /** {@code index} with api-pagination: root-keyed JSON and {@code Link}/{@code Per-Page}/{@code Total}. */
  static void index(ApiCall call, Collection collection) {
    Map<String, Object> query = call.query();
    Pagination.Window window = Pagination.Window.of(query);
    Collection.Page page = collection.page(call.userId(), window.page(), window.perPage());
    Pagination.setHeaders(call.ctx().request(), call.ctx().response(), query, window, page.total());
    Replies.json(call.ctx(), 200, page.body(), page.etag());
  }

  /**
   * {@code container_images#index}: paginated first, then {@code byname} filters the page, so {@code Total} still
   * counts the unfiltered set (api.md §5, CS {@code api/container_images_controller.rb}).
   */
  static void indexFilteredAfterPaging(ApiCall call, Collection collection, String nameParam) {
    String byName = RailsParams.single(call.query(), nameParam);
    if (byName == null || byName.isEmpty()) {
      index(call, collection);
      return;
    }
    Map<String, Object> query = call.query();
    Pagination.Window window = Pagination.Window.of(query);
    List<Collection.Row> visible = collection.visible(call.userId());
    List<Collection.Row> page = Collection.slice(visible, window.page(), window.perPage()).stream()
        .filter(row -> String.valueOf(row.fields().getValue("name")).contains(byName))
        .toList();
    Pagination.setHeaders(call.ctx().request(), call.ctx().response(), query, window, visible.size());
    Collection.Page rendered = collection.render(page, visible.size());
    Replies.json(call.ctx(), 200, rendered.body(), rendered.etag());
  }

  /** {@code show}: the row if the caller sees it, else 404 with an empty body. */
  static void show(ApiCall call, Collection collection) {
    Collection.Row row = collection.findVisible(call.userId(), call.idParam("id"));
    if (row == null) {
      Replies.head(call.ctx(), 404);
      return;
    }
    Replies.json(call.ctx(), 200, row.showBody(), row.showEtag());
  }

  /**
   * {@code update}: merges the permitted string attributes of {@code {"<member>": {...}}}; a blank name fails
   * validation (422, errors array, {@code api_obj_error}); answers 200 with the updated row.
   */
  static void update(ApiCall call, Collection collection, List<String> permitted) {
    Collection.Row row = collection.findOwned(call.userId(), call.idParam("id"));
    if (row == null) {
      Replies.head(call.ctx(), 404);
      return;
    }
    JsonObject params = call.modelParams(collection.member());
    JsonObject changes = permittedChanges(params, permitted);
    if (changes.containsKey("name") && changes.getString("name").isBlank()) {
      Replies.errors(call.ctx(), 422, "Name can't be blank");
      return;
    }
    Collection.Row updated = collection.update(row.id(), changes);
    if (updated == null) {
      Replies.head(call.ctx(), 404);
      return;
    }
    Replies.json(call.ctx(), 200, updated.showBody(), updated.showEtag());
  }

  /** {@code destroy}: 202 {@code {}} (api_obj_destroyed); the sandbox removes the row at once. */
  static void destroy(ApiCall call, Collection collection) {
    Collection.Row row = collection.findOwned(call.userId(), call.idParam("id"));
    if (row == null || !collection.delete(row.id())) {
      Replies.head(call.ctx(), 404);
      return;
    }
    Replies.emptyObject(call.ctx(), 202);
  }

  /** The permitted attributes of a model's parameters, as strings (Rails strong parameters). */
  static JsonObject permittedChanges(JsonObject params, List<String> permitted) {
    JsonObject changes = new JsonObject();
    if (params == null) {
      return changes;
    }
    for (String name : permitted) {
      Object value = params.getValue(name);
      if (value != null && !(value instanceof JsonObject) && !(value instanceof JsonArray)) {
        changes.put(name, value.toString());
      }
    }
    return changes;
  }
}
