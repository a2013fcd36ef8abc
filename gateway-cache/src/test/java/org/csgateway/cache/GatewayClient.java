package org.csgateway.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * A client of a {@link TestGateway}, enough connections for a hundred requests at once. Requests start on one event
 * loop context, so the body handler is in place before the first chunk can arrive (started from the test thread,
 * the response callback may run after a small response has already been delivered and dropped).
 */
final class GatewayClient {
  private final HttpClient client;
  private final Context context;
  private final int port;

  GatewayClient(Vertx vertx, int port) {
    this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(128));
    this.context = vertx.getOrCreateContext();
    this.port = port;
  }

  /** What came back: status, headers and the whole body. */
  record Reply(int status, MultiMap headers, Buffer body) {
    String cache() {
      return headers.get(CacheStatus.HEADER);
    }

    JsonObject json() {
      return body.toJsonObject();
    }
  }

  Future<Reply> send(HttpMethod method, String uri, String... headerPairs) {
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(v -> sendHere(method, uri, headerPairs).onComplete(reply));
    return reply.future();
  }

  private Future<Reply> sendHere(HttpMethod method, String uri, String... headerPairs) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      options.addHeader(headerPairs[i], headerPairs[i + 1]);
    }
    return client.request(options)
        .compose(request -> method == HttpMethod.POST || method == HttpMethod.PATCH
            ? request.send(Buffer.buffer("{\"project\":{}}"))
            : request.send())
        .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.headers(), body)))
        .timeout(10, TimeUnit.SECONDS)
        .recover(failure -> Future.failedFuture(new IllegalStateException(method + " " + uri + ": " + failure, failure)));
  }

  /** A GET, waited for on the test thread. */
  Reply get(String uri, String... headerPairs) {
    return send(HttpMethod.GET, uri, headerPairs).await();
  }

  Reply post(String uri, String... headerPairs) {
    return send(HttpMethod.POST, uri, headerPairs).await();
  }
}
