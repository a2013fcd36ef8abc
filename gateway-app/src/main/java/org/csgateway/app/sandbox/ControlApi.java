package org.csgateway.app.sandbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's own HTTP API outside {@code /api}: counters, fault switches and the request record (not counted,
 * never faulted), and helpers for tests and benchmarks (counted and faultable like the API): a streamed download of
 * any size, a sink that counts and discards an upload, and an echo of the request as received.
 */
final class ControlApi {
  private static final int STREAM_CHUNK = 64 * 1024;
  private static final Buffer PATTERN = pattern();

  private final SandboxState state;

  ControlApi(SandboxState state) {
    this.state = state;
  }

  /** Routes that must bypass counting and faults; register before the ingress handler. */
  void mountControl(Router router) {
    router.get("/_sandbox/stats").handler(ctx -> json(ctx, 200, state.stats().toJson()));
    router.post("/_sandbox/stats/reset").handler(ctx -> {
      state.stats().reset();
      json(ctx, 200, state.stats().toJson());
    });
    router.get("/_sandbox/faults").handler(ctx -> json(ctx, 200, faultsJson()));
    router.route("/_sandbox/faults").method(HttpMethod.PUT).method(HttpMethod.POST)
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::setFaults);
    router.delete("/_sandbox/faults").handler(ctx -> {
      state.faults().clear();
      json(ctx, 200, faultsJson());
    });
    router.get("/_sandbox/requests").handler(ctx -> {
      JsonArray recorded = new JsonArray();
      state.recorder().snapshot().forEach(r -> {
        JsonArray headers = new JsonArray();
        r.headers().forEach(h -> headers.add(new JsonArray().add(h.getKey()).add(h.getValue())));
        recorded.add(new JsonObject().put("at", r.at().toString()).put("method", r.method()).put("uri", r.uri())
            .put("headers", headers));
      });
      json(ctx, 200, new JsonObject().put("requests", recorded));
    });
    router.delete("/_sandbox/requests").handler(ctx -> {
      state.recorder().clear();
      json(ctx, 200, new JsonObject().put("requests", new JsonArray()));
    });
  }

  /** Helper routes that behave like API traffic; register after the ingress handler. */
  void mountHelpers(Router router) {
    router.get("/_sandbox/bytes/:n").handler(this::bytes);
    router.route("/_sandbox/sink").method(HttpMethod.POST).method(HttpMethod.PUT).handler(this::sink);
    router.route("/_sandbox/echo").handler(this::echo);
  }

  /** PUT replaces every fault, POST adds; the body is one fault, an array, or {"faults":[...]}. */
  private void setFaults(RoutingContext ctx) {
    List<SandboxFault> faults = new ArrayList<>();
    try {
      Object parsed = ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
      JsonArray list = parsed instanceof JsonArray array ? array
          : parsed instanceof JsonObject object && object.getValue("faults") instanceof JsonArray array ? array
          : parsed instanceof JsonObject object ? new JsonArray().add(object) : null;
      if (list == null) {
        throw new IllegalArgumentException("the body must be a fault, an array of faults or {\"faults\":[...]}");
      }
      for (Object item : list) {
        if (!(item instanceof JsonObject fault)) {
          throw new IllegalArgumentException("every fault must be a JSON object");
        }
        faults.add(SandboxFault.fromJson(fault));
      }
    } catch (IllegalArgumentException | DecodeException e) {
      Replies.errors(ctx, 400, e.getMessage());
      return;
    }
    if (ctx.request().method() == HttpMethod.PUT) {
      state.faults().set(faults);
    } else {
      faults.forEach(state.faults()::add);
    }
    json(ctx, 200, faultsJson());
  }

  private JsonObject faultsJson() {
    JsonArray faults = new JsonArray();
    state.faults().active().forEach(f -> faults.add(f.toJson()));
    return new JsonObject().put("faults", faults);
  }

  /**
   * {@code GET /_sandbox/bytes/{n}}: n bytes, chunked, generated while writing with backpressure, never held
   * whole; a slow-body fault dribbles it and a mid-body reset cuts it halfway.
   */
  private void bytes(RoutingContext ctx) {
    long n = RailsParams.toI(ctx.pathParam("n"));
    if (n < 0) {
      Replies.errors(ctx, 400, "n must not be negative");
      return;
    }
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    request.resume();
    response.setChunked(true).putHeader("Content-Type", "application/octet-stream");
    SandboxFault fault = ctx.get(Replies.FAULT_KEY);
    int chunk = fault != null && fault.kind() == SandboxFault.Kind.SLOW_BODY ? fault.chunkBytes() : STREAM_CHUNK;
    long resetAt = fault != null && fault.kind() == SandboxFault.Kind.RESET_MID_BODY ? n / 2 : -1;
    long interval = fault != null && fault.kind() == SandboxFault.Kind.SLOW_BODY ? fault.delay().toMillis() : 0;
    new ByteStream(ctx, n, chunk, resetAt, interval).pump();
  }

  /** Writes generated bytes as fast as the client reads them, or one chunk per interval. */
  private static final class ByteStream {
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final long total;
    private final int chunk;
    private final long resetAt;
    private final long intervalMillis;
    private long written;
    private Future<Void> lastWrite;

    ByteStream(RoutingContext ctx, long total, int chunk, long resetAt, long intervalMillis) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.total = total;
      this.chunk = chunk;
      this.resetAt = resetAt;
      this.intervalMillis = intervalMillis;
    }

    void pump() {
      while (!response.closed()) {
        if (resetAt >= 0 && written >= resetAt) {
          (lastWrite != null ? lastWrite : response.writeHead())
              .onComplete(v -> ConnectionFaults.reset(ctx.request()));
          return;
        }
        if (written >= total) {
          response.end();
          return;
        }
        long limit = resetAt >= 0 ? resetAt : total;
        int size = (int) Math.min(Math.min(chunk, STREAM_CHUNK), limit - written);
        written += size;
        lastWrite = response.write(PATTERN.slice(0, size));
        if (intervalMillis > 0) {
          ctx.vertx().setTimer(intervalMillis, id -> pump());
          return;
        }
        if (response.writeQueueFull()) {
          response.drainHandler(v -> pump());
          return;
        }
      }
    }
  }

  /** {@code POST /_sandbox/sink}: counts the body's bytes while discarding them; answers {"bytes": n}. */
  private void sink(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long[] count = {0};
    request.handler(buffer -> count[0] += buffer.length());
    request.endHandler(v -> json(ctx, 200, new JsonObject().put("bytes", count[0])));
    request.exceptionHandler(e -> ctx.response().reset());
    request.resume();
  }

  /** Any method on {@code /_sandbox/echo}: the request line and headers as received, and the body size. */
  private void echo(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    JsonArray headers = new JsonArray();
    request.headers().forEach(h -> headers.add(new JsonArray().add(h.getKey()).add(h.getValue())));
    long[] count = {0};
    request.handler(buffer -> count[0] += buffer.length());
    request.endHandler(v -> json(ctx, 200, new JsonObject().put("method", request.method().name())
        .put("uri", request.uri()).put("version", request.version().alpnName()).put("headers", headers)
        .put("bodyBytes", count[0])));
    request.resume();
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().putHeader("Cache-Control", "no-store");
    Replies.json(ctx, status, body.toBuffer(), null);
  }

  private static Buffer pattern() {
    byte[] bytes = new byte[STREAM_CHUNK];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return Buffer.buffer(bytes);
  }
}
