package org.csgateway.app.e2e.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.csgateway.cache.CacheStatus;

/**
 * Real HTTP for the cache's end-to-end tests, to the gateway's proxy port or straight to the sandbox, with enough
 * connections for a hundred requests at once. Requests start on one event-loop context, so a response's body
 * handler is in place before its first bytes arrive; every wait on the test thread is bounded.
 */
final class CacheHttp implements AutoCloseable {
  private static final long WAIT_SECONDS = 10;

  private final Vertx vertx;
  private final HttpClient client;
  private final Context context;

  CacheHttp(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(128));
    this.context = vertx.getOrCreateContext();
  }

  /** Who calls: a name for messages and the {@code Authorization} header value. */
  record Caller(String name, String authorization) {
    static Caller basic(String key, String secret) {
      return new Caller("basic " + key, "Basic " + Base64.getEncoder()
          .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    static Caller bearer(String name, String token) {
      return new Caller(name, "Bearer " + token);
    }
  }

  /** What came back: status, headers and the whole body. */
  record Reply(int status, MultiMap headers, Buffer body) {
    /** The {@code X-Cache} header. */
    String cache() {
      return headers.get(CacheStatus.HEADER);
    }

    String header(String name) {
      return headers.get(name);
    }

    JsonObject json() {
      return body.toJsonObject();
    }
  }

  /** A GET as this caller, with {@code Accept: application/json} and any further header name/value pairs. */
  Reply get(int port, String uri, Caller caller, String... headerPairs) {
    return await(send(port, HttpMethod.GET, uri, caller, null, headerPairs));
  }

  /** A request with an optional JSON body, waited for on the test thread. */
  Reply call(int port, HttpMethod method, String uri, Caller caller, JsonObject body, String... headerPairs) {
    return await(send(port, method, uri, caller, body, headerPairs));
  }

  /** Starts a request on this client's context; the future fails if the exchange breaks or takes over 10 s. */
  Future<Reply> send(int port, HttpMethod method, String uri, Caller caller, JsonObject body, String... headerPairs) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .addHeader(HttpHeaders.ACCEPT, "application/json");
    if (caller != null) {
      options.addHeader(HttpHeaders.AUTHORIZATION, caller.authorization());
    }
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      options.putHeader(headerPairs[i], headerPairs[i + 1]);
    }
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(v -> client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body()
            .map(received -> new Reply(response.statusCode(), response.headers(), received)))
        .timeout(WAIT_SECONDS, TimeUnit.SECONDS)
        .onComplete(reply));
    return reply.future();
  }

  /** {@code n} identical GETs started at once; their replies in the order they were started. */
  List<Reply> getConcurrently(int n, int port, String uri, Caller caller) {
    List<Future<Reply>> started = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      started.add(send(port, HttpMethod.GET, uri, caller, null));
    }
    await(Future.all(started));
    return started.stream().map(Future::result).toList();
  }

  /** How a GET failed (a broken connection, an incomplete body), or null if it produced a reply. */
  Throwable failureOf(int port, String uri, Caller caller) {
    Future<Reply> sent = send(port, HttpMethod.GET, uri, caller, null);
    try {
      sent.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS + 1, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the request neither completed nor failed in time", e);
    }
  }

  /** Waits (bounded) for a future on the test thread. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("request failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no answer in time", e);
    }
  }

  /**
   * Waits until something the gateway does asynchronously (applying a Redis message, storing an entry) shows: the
   * check (a non-blocking request) is repeated on an event-loop timer rather than by sleeping, for at most 10 s.
   */
  void awaitTrue(String what, Supplier<Future<Boolean>> check) {
    Promise<Void> reached = Promise.promise();
    long deadline = vertx.setTimer(TimeUnit.SECONDS.toMillis(WAIT_SECONDS),
        id -> reached.tryFail(new AssertionError("never happened: " + what)));
    reached.future().onComplete(done -> vertx.cancelTimer(deadline));
    context.runOnContext(v -> poll(check, reached));
    await(reached.future());
  }

  private void poll(Supplier<Future<Boolean>> check, Promise<Void> reached) {
    check.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        reached.tryComplete();
      } else if (!reached.future().isComplete()) {
        vertx.setTimer(10, id -> poll(check, reached));
      }
    });
  }

  @Override
  public void close() {
    await(client.close());
  }
}
