package org.csgateway.cache;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for ComputeStacks on port 0: every answer names the caller (its {@code Authorization}) and how many
 * times the path was asked for, so a test can tell whose data it got and whether it came from the upstream. Some
 * paths misbehave on cue: every GET waits while the gate is closed ({@link #closeGate()}, {@link #openGate()}),
 * {@code /api/orders} fails its first request, {@code /api/locations} resets mid-body while resets are pending,
 * {@code /api/domains} answers conditional requests, {@code /api/big} sends a large body in chunks.
 */
final class TestUpstream {
  private final Vertx vertx;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger resetsPending = new AtomicInteger();
  private final AtomicInteger failuresPending = new AtomicInteger();
  private final AtomicInteger notModified = new AtomicInteger();
  private volatile boolean gateOpen = true;
  private volatile int dataVersion = 1;
  private volatile Context context;
  private HttpServer server;

  TestUpstream(Vertx vertx) {
    this.vertx = vertx;
  }

  int start() {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0).await();
    return server.actualPort();
  }

  /** How many requests reached this path (any method). */
  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  int notModifiedAnswers() {
    return notModified.get();
  }

  void closeGate() {
    gateOpen = false;
  }

  /** Answers every held request and lets later ones through. */
  void openGate() {
    gateOpen = true;
    Context c = context;
    if (c != null) {
      c.runOnContext(v -> held.forEach(this::answer));
    }
  }

  void resetNext(int count) {
    resetsPending.set(count);
  }

  void failNext(int count) {
    failuresPending.set(count);
  }

  /** Changes what /api/domains returns, and so its ETag. */
  void changeData() {
    dataVersion++;
  }

  private void handle(HttpServerRequest request) {
    context = Vertx.currentContext();
    hits.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      String status = request.getHeader("X-Test-Status");
      request.body().onSuccess(body -> request.response().setStatusCode(status == null ? 201 : Integer.parseInt(status))
          .putHeader("Content-Type", "application/json").end("{}"));
      return;
    }
    if (!gateOpen) { // every read, so that requests sent together all reach the gateway before one is answered
      held.add(request);
      return;
    }
    answer(request);
  }

  private void answer(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    String caller = String.valueOf(request.getHeader("Authorization"));
    switch (request.path()) {
      case "/api/big" -> big(request, response, caller);
      case "/api/locations" -> maybeReset(request, response, caller);
      case "/api/domains" -> conditional(request, response, caller);
      case "/api/orders" -> {
        if (failuresPending.getAndDecrement() > 0) {
          response.setStatusCode(503).end("{\"errors\":[\"busy\"]}");
        } else {
          json(request, response, caller);
        }
      }
      case "/api/subscriptions" -> {
        response.putHeader("Set-Cookie", "session=" + caller.hashCode());
        json(request, response, caller);
      }
      default -> json(request, response, caller);
    }
  }

  private void json(HttpServerRequest request, HttpServerResponse response, String caller) {
    String perPage = request.getParam("per_page", "30");
    String pad = request.getParam("pad", "0");
    JsonObject body = new JsonObject()
        .put("caller", caller)
        .put("uri", request.uri())
        .put("n", hits(request.path()))
        .put("pad", "x".repeat(Integer.parseInt(pad)));
    response.putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Per-Page", perPage)
        .putHeader("Total", "42")
        .putHeader("Link", "<http://upstream" + request.path() + "?page=2>; rel=\"next\"")
        .putHeader("Cache-Control", "private, max-age=0, must-revalidate")
        .putHeader("X-Runtime", "0.01")
        .end(body.toBuffer());
  }

  private void conditional(HttpServerRequest request, HttpServerResponse response, String caller) {
    String etag = "W/\"" + dataVersion + "-" + Integer.toHexString(caller.hashCode()) + "\"";
    response.putHeader("ETag", etag).putHeader("Cache-Control", "private, max-age=0, must-revalidate");
    if (etag.equals(request.getHeader("If-None-Match"))) {
      notModified.incrementAndGet();
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("caller", caller).put("version", dataVersion).toBuffer());
  }

  /** size bytes in 8 KiB chunks; with declared=1 a Content-Length, else chunked. */
  private void big(HttpServerRequest request, HttpServerResponse response, String caller) {
    int size = Integer.parseInt(request.getParam("size"));
    if ("1".equals(request.getParam("declared"))) {
      response.putHeader("Content-Length", Integer.toString(size));
    } else {
      response.setChunked(true);
    }
    response.putHeader("Content-Type", "application/octet-stream");
    for (int sent = 0; sent < size; sent += 8192) {
      response.write(pattern(sent, Math.min(8192, size - sent)));
    }
    response.end();
  }

  /** The bytes /api/big sends from this offset, so a test can check a body byte for byte. */
  static Buffer pattern(int offset, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + (offset + i) % 26);
    }
    return Buffer.buffer(bytes);
  }

  private void maybeReset(HttpServerRequest request, HttpServerResponse response, String caller) {
    if (resetsPending.getAndDecrement() <= 0) {
      json(request, response, caller);
      return;
    }
    response.putHeader("Content-Type", "application/json").setChunked(true);
    response.write("{\"caller\":\"" + caller + "\",\"projects\":[").onComplete(written -> response.reset());
  }
}
