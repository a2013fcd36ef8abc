package org.csgateway.app.sandbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One resource family's rows (projects, container images, ...) with the JSON the API answers already serialized:
 * each change builds a new immutable snapshot, and each page of a snapshot is serialized once, on first request,
 * so hot GETs copy bytes instead of building JSON. Reads are lock-free; writes are serialized.
 */
final class Collection {
  private static final int MAX_CACHED_PAGES = 1024;
  private static final long NO_USER = -1;

  /** A row: its fields, its JSON, and the body and ETag of its show action. */
  static final class Row {
    private final long id;
    private final Long ownerId;
    private final JsonObject fields;
    private final Buffer json;
    private final Buffer showBody;
    private final String showEtag;

    Row(long id, Long ownerId, JsonObject fields, String member) {
      this.id = id;
      this.ownerId = ownerId;
      this.fields = fields;
      this.json = fields.toBuffer();
      this.showBody = Buffer.buffer(json.length() + member.length() + 5)
          .appendString("{\"").appendString(member).appendString("\":").appendBuffer(json).appendString("}");
      this.showEtag = Etags.weak(showBody);
    }

    long id() {
      return id;
    }

    Long ownerId() {
      return ownerId;
    }

    /** A copy of the fields. */
    JsonObject fields() {
      return fields.copy();
    }

    Buffer showBody() {
      return showBody;
    }

    String showEtag() {
      return showEtag;
    }
  }

  /** A serialized page of a collection and the total it belongs to. */
  record Page(Buffer body, String etag, long total) {}

  private record PageKey(long user, long page, long perPage) {}

  private final class Snapshot {
    final Map<Long, Row> byId;
    final List<Row> publicRows;
    final Map<Long, List<Row>> visibleByUser;
    final Map<PageKey, Page> pages = new ConcurrentHashMap<>();

    Snapshot(Map<Long, Row> rows) {
      this.byId = Collections.unmodifiableMap(new HashMap<>(rows));
      List<Row> ordered = new ArrayList<>(new TreeMap<>(rows).values());
      List<Row> shared = new ArrayList<>();
      Map<Long, List<Row>> byUser = new HashMap<>();
      for (Row row : ordered) {
        if (row.ownerId == null) {
          shared.add(row);
        }
      }
      for (long user : users) {
        List<Row> visible = new ArrayList<>();
        for (Row row : ordered) {
          if ((row.ownerId == null && publicRowsShared) || (row.ownerId != null && row.ownerId == user)) {
            visible.add(row);
          }
        }
        byUser.put(user, List.copyOf(visible));
      }
      this.publicRows = publicRowsShared ? List.copyOf(shared) : List.of();
      this.visibleByUser = byUser;
    }
  }

  private final String root;
  private final String member;
  private final boolean publicRowsShared;
  private final Set<Long> users;
  private final InstantSource clock;
  private final Map<Long, Row> rows = new HashMap<>();
  private long nextId = 1;
  private volatile Snapshot snapshot;

  /**
   * @param root the collection's JSON root key, for example "projects"
   * @param member the show action's root key, for example "project"
   * @param publicRowsShared whether rows without an owner are visible to everyone (public container images)
   * @param users the ids of every user, to precompute what each sees
   */
  Collection(String root, String member, boolean publicRowsShared, Set<Long> users, InstantSource clock) {
    this.root = root;
    this.member = member;
    this.publicRowsShared = publicRowsShared;
    this.users = Set.copyOf(users);
    this.clock = clock;
    this.snapshot = new Snapshot(rows);
  }

  String root() {
    return root;
  }

  String member() {
    return member;
  }

  /** The rows this user sees, by id; a null user sees the shared public rows only. */
  List<Row> visible(Long userId) {
    Snapshot s = snapshot;
    if (userId == null) {
      return s.publicRows;
    }
    return s.visibleByUser.getOrDefault(userId, s.publicRows);
  }

  /** A row this user sees, or null. */
  Row findVisible(Long userId, long id) {
    Row row = snapshot.byId.get(id);
    if (row == null) {
      return null;
    }
    boolean shared = row.ownerId == null && publicRowsShared;
    return shared || (userId != null && row.ownerId != null && row.ownerId.equals(userId)) ? row : null;
  }

  /** A row this user owns (may change), or null. */
  Row findOwned(Long userId, long id) {
    Row row = snapshot.byId.get(id);
    return row != null && userId != null && userId.equals(row.ownerId) ? row : null;
  }

  /** One page of what this user sees, serialized once per snapshot. */
  Page page(Long userId, long page, long perPage) {
    Snapshot s = snapshot;
    PageKey key = new PageKey(userId == null ? NO_USER : userId, page, perPage);
    Page cached = s.pages.get(key);
    if (cached != null) {
      return cached;
    }
    List<Row> visible = userId == null ? s.publicRows : s.visibleByUser.getOrDefault(userId, s.publicRows);
    Page built = render(slice(visible, page, perPage), visible.size());
    if (s.pages.size() >= MAX_CACHED_PAGES) {
      s.pages.clear();
    }
    s.pages.put(key, built);
    return built;
  }

  /** The JSON of these rows under the collection's root key, with its ETag. */
  Page render(List<Row> rowsToRender, long total) {
    Buffer body = Buffer.buffer(64 + rowsToRender.size() * 128)
        .appendString("{\"").appendString(root).appendString("\":[");
    for (int i = 0; i < rowsToRender.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendBuffer(rowsToRender.get(i).json);
    }
    body.appendString("]}");
    return new Page(body, Etags.weak(body), total);
  }

  /** will_paginate's window: rows {@code (page-1)*perPage} onwards, at most perPage; empty past the end. */
  static List<Row> slice(List<Row> rows, long page, long perPage) {
    long from = (page - 1) > rows.size() / perPage ? rows.size() : (page - 1) * perPage;
    if (from >= rows.size()) {
      return List.of();
    }
    long to = Math.min(rows.size(), from + Math.min(perPage, rows.size()));
    return rows.subList((int) from, (int) to);
  }

  /** Adds a row owned by {@code ownerId} (null = shared), stamping id and times unless the fields carry them. */
  synchronized Row create(Long ownerId, JsonObject fields) {
    JsonObject stored = fields.copy();
    long id = stored.getValue("id") instanceof Number n ? n.longValue() : nextId;
    nextId = Math.max(nextId, id + 1);
    String now = clock.instant().toString();
    JsonObject ordered = new JsonObject().put("id", id);
    stored.remove("id");
    ordered.mergeIn(stored);
    if (!ordered.containsKey("created_at")) {
      ordered.put("created_at", now);
    }
    if (!ordered.containsKey("updated_at")) {
      ordered.put("updated_at", ordered.getString("created_at"));
    }
    Row row = new Row(id, ownerId, ordered, member);
    rows.put(id, row);
    snapshot = new Snapshot(rows);
    return row;
  }

  /** Merges changes into a row (id and owner kept) and stamps updated_at; null if the row is gone. */
  synchronized Row update(long id, JsonObject changes) {
    Row old = rows.get(id);
    if (old == null) {
      return null;
    }
    JsonObject merged = old.fields.copy().mergeIn(changes.copy().put("id", id));
    merged.put("updated_at", clock.instant().toString());
    Row row = new Row(id, old.ownerId, merged, member);
    rows.put(id, row);
    snapshot = new Snapshot(rows);
    return row;
  }

  /** Removes a row; false if it was already gone. */
  synchronized boolean delete(long id) {
    if (rows.remove(id) == null) {
      return false;
    }
    snapshot = new Snapshot(rows);
    return true;
  }

  /** Seeds a row dated {@code at} (no snapshot rebuild until {@link #publish()}). */
  synchronized void seed(Long ownerId, JsonObject fields, Instant at) {
    long id = fields.getValue("id") instanceof Number n ? n.longValue() : nextId;
    nextId = Math.max(nextId, id + 1);
    JsonObject ordered = new JsonObject().put("id", id).mergeIn(fields.copy().put("id", id));
    ordered.put("created_at", at.toString()).put("updated_at", at.toString());
    rows.put(id, new Row(id, ownerId, ordered, member));
  }

  synchronized void publish() {
    snapshot = new Snapshot(rows);
  }
}
