package org.csgateway.app.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * An upstream the test controls: {@code /api/projects/held} is answered only when the test {@link #release()}s it
 * (and {@link #arrived()} completes when such a request reached it); everything else is answered 200 at once. So a
 * test has a request in flight for exactly as long as it wants, without waiting for time.
 */
final class HeldUpstream {
  static final String HELD_PATH = "/api/projects/held";

  private final Vertx vertx;
  private final Promise<Void> arrived = Promise.promise();
  private final Promise<Void> release = Promise.promise();
  private HttpServer server;

  HeldUpstream(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on a free port (or on this one); call on the test thread. */
  HeldUpstream start(int port) {
    server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals(HELD_PATH)) {
        arrived.tryComplete();
        release.future().onComplete(done -> request.response()
            .putHeader("Content-Type", "application/json").end("{\"held\":true}"));
      } else {
        request.response().putHeader("Content-Type", "application/json").end("[]");
      }
    }).listen(port, "127.0.0.1").await();
    return this;
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  Future<Void> arrived() {
    return arrived.future();
  }

  void release() {
    release.tryComplete();
  }

  void close() {
    release();
    server.close().await();
  }
}
