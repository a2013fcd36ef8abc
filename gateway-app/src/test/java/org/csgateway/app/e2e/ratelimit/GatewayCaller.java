package org.csgateway.app.e2e.ratelimit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Real HTTP to a gateway's proxy port, with enough connections for bursts of concurrent requests. Requests start on
 * one event-loop context (so the response handlers are set before a small answer can arrive) and every wait on the
 * test thread is bounded.
 */
final class GatewayCaller implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * One answer, body read.
   *
   * @param status the status code
   * @param headers the response headers
   * @param body the whole body
   * @param elapsed from sending the request to the end of the answer's body
   */
  record Reply(int status, MultiMap headers, Buffer body, Duration elapsed) {
    String header(String name) {
      return headers.get(name);
    }

    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private final HttpClient client;
  private final Context context;
  private final int port;

  /**
   * @param port the gateway's proxy port
   * @param connections how many connections may be open at once (a burst larger than this queues in the client)
   */
  GatewayCaller(Vertx vertx, int port, int connections) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
    this.context = vertx.getOrCreateContext();
    this.port = port;
  }

  /** Sends a request with these header name/value pairs and no body. */
  Future<Reply> send(HttpMethod method, String uri, String... headerPairs) {
    return send(method, uri, null, headerPairs);
  }

  /** Sends a request with these header name/value pairs and this body (null for none). */
  Future<Reply> send(HttpMethod method, String uri, Buffer body, String... headerPairs) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .setTimeout(WAIT.toMillis());
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      options.addHeader(headerPairs[i], headerPairs[i + 1]);
    }
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(v -> {
      long started = System.nanoTime();
      client.request(options)
          .compose(request -> body == null ? request.send() : request.send(body))
          .compose(response -> response.body().map(bytes -> new Reply(response.statusCode(), response.headers(),
              bytes, Duration.ofNanos(System.nanoTime() - started))))
          .recover(failure -> Future.failedFuture(
              new IllegalStateException(method + " " + uri + " failed: " + failure, failure)))
          .onComplete(reply);
    });
    return reply.future();
  }

  /** A GET with these header pairs, waited for. */
  Reply get(String uri, String... headerPairs) {
    return await(send(HttpMethod.GET, uri, headerPairs));
  }

  /** Starts {@code count} requests at once ({@code request} makes the i-th) and waits for every answer, in order. */
  List<Reply> burst(int count, IntFunction<Future<Reply>> request) {
    List<Future<Reply>> sent = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sent.add(request.apply(i));
    }
    await(Future.join(sent));
    List<Reply> replies = new ArrayList<>(count);
    sent.forEach(f -> replies.add(f.result()));
    return replies;
  }

  /** An {@code Authorization} value for these Basic credentials. */
  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Waits (bounded) for a future on the test thread and returns its result, or throws its failure. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    await(client.close());
  }
}
